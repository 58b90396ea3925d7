#!/bin/sh
# Makes the extra ext4 fixtures of src/test/resources/fixtures-ext4-extra: small images for what
# the mini matrix of ../shared/fixtures-ext4 does not hold (hashed directories, crc16 group
# checksums, meta_bg, POSIX ACLs, bigalloc, 64 KiB blocks, extent trees of depth 2 with
# unwritten extents, casefolded and encrypted directories, new-style device numbers, a journal
# that needs recovery), each with the listing the Linux kernel gives of it (list-mounted.py over
# a read-only loop mount). Needs root, mke2fs/e2fsck/e4crypt (e2fsprogs), setfacl, a kernel with
# ext4, casefolding and fscrypt. Rerun from this folder: sh make-extra-fixtures.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../resources/fixtures-ext4-extra
work=$(mktemp -d)
mnt=$work/mnt
mkdir -p "$out" "$mnt"
export E2FSPROGS_FAKE_TIME=1700000000
uuid=6c7f1e0a-57e3-4c0a-9e11-000000000071
seed=6c7f1e0a-57e3-4c0a-9e11-000000000072

list() { # image: writes NAME.expected.jsonl from a read-only kernel mount
    mount -o loop,ro "$1" "$mnt"
    python3 "$here/list-mounted.py" "$mnt" > "${1%.img}.expected.jsonl"
    umount "$mnt"
}

small_tree() { # dir: a few entries of each kind
    mkdir -p "$1/sub"
    printf 'hello\n' > "$1/hello.txt"
    head -c 20000 /dev/urandom > "$1/random.bin"
    ln -s hello.txt "$1/link"
    touch -d @1600000000 "$1/hello.txt" "$1/random.bin"
}

# Hashed directories: e2fsck -D indexes a directory of 400 entries (three leaf blocks or more).
t=$work/htree; mkdir -p "$t/big"; small_tree "$t"
i=0; while [ $i -lt 400 ]; do printf '%d\n' $i > "$t/big/entry-with-a-longer-name-$i"; i=$((i+1)); done
img=$out/htree-4k.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 4096 -O ^has_journal -U $uuid -E hash_seed=$seed -N 600 -d "$t" "$img" 3M
e2fsck -fyD "$img" >/dev/null 2>&1 || true
list "$img"

# Group descriptors with crc16 checksums (uninit_bg without metadata_csum), several groups.
t=$work/gdt; mkdir -p "$t"; small_tree "$t"
img=$out/gdt-csum-1k.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 1024 -g 1024 -O ^metadata_csum,uninit_bg,^has_journal,^flex_bg -U $uuid -E hash_seed=$seed -N 128 -d "$t" "$img" 4M
list "$img"

# meta_bg: descriptor blocks at the start of each meta group.
img=$out/meta-bg-1k.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 1024 -g 1024 -O meta_bg,^resize_inode,^has_journal -U $uuid -E hash_seed=$seed -N 128 -d "$t" "$img" 4M
list "$img"

# bigalloc: clusters of 16 blocks.
img=$out/bigalloc.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 1024 -C 16384 -O bigalloc,^has_journal -U $uuid -E hash_seed=$seed -N 128 -d "$t" "$img" 4M
list "$img"

# 64 KiB blocks: this kernel (4 KiB pages) cannot mount them, so the listing is the kernel's of a
# twin made from the same tree with 4 KiB blocks.
img=$out/blocks-64k.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 65536 -O ^has_journal -U $uuid -E hash_seed=$seed -N 128 -d "$t" "$img" 4M
mke2fs -q -F -t ext4 -b 4096 -O ^has_journal -U $uuid -E hash_seed=$seed -N 128 -d "$t" "$work/twin.img" 4M
list "$work/twin.img"; mv "$work/twin.expected.jsonl" "${img%.img}.expected.jsonl"

# A casefolded directory: this kernel has no CONFIG_UNICODE and refuses casefold, so the flag is
# set by debugfs and the listing is the kernel's of a twin without casefold.
t=$work/cf; mkdir -p "$t/folded/SubDir"; printf 'a\n' > "$t/folded/Hello.TXT"; printf 'b\n' > "$t/folded/Ärger"
touch -d @1600000000 "$t/folded/Hello.TXT" "$t/folded/Ärger"
img=$out/casefold.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 4096 -O ^has_journal,casefold -U $uuid -E hash_seed=$seed,encoding=utf8 -N 64 -d "$t" "$img" 1M
debugfs -w -R "set_inode_field /folded flags 0x40080000" "$img" >/dev/null 2>&1
mke2fs -q -F -t ext4 -b 4096 -O ^has_journal -U $uuid -E hash_seed=$seed -N 64 -d "$t" "$work/twin.img" 1M
list "$work/twin.img"; mv "$work/twin.expected.jsonl" "${img%.img}.expected.jsonl"

# Devices with numbers too large for the old encoding.
t=$work/dev; mkdir -p "$t"
mknod "$t/old-chr" c 4 64; mknod "$t/new-chr" c 300 70000; mknod "$t/new-blk" b 4095 1048575
touch -d @1600000000 "$t"/*
img=$out/devices.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 4096 -O ^has_journal -U $uuid -E hash_seed=$seed -N 64 -d "$t" "$img" 1M
list "$img"

# Made by the kernel itself: POSIX ACLs, an extent tree of depth 2, unwritten extents, a hole
# punched.
img=$out/kernel-made-1k.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 1024 -O ^has_journal -U $uuid -E hash_seed=$seed -N 256 "$img" 6M
mount -o loop "$img" "$mnt"
printf 'acl\n' > "$mnt/acl-file"; setfacl -m u:1234:rw,g:55:r,m::rw "$mnt/acl-file"
mkdir "$mnt/acl-dir"; setfacl -d -m u:77:rwx "$mnt/acl-dir"; setfacl -m o::--- "$mnt/acl-dir"
i=0; while [ $i -lt 800 ]; do dd if=/dev/urandom of="$mnt/fragmented" bs=1024 count=1 seek=$((2*i)) conv=notrunc status=none; i=$((i+1)); done
fallocate -l 200000 "$mnt/unwritten"; printf 'middle' | dd of="$mnt/unwritten" bs=1 seek=100000 conv=notrunc status=none
head -c 300000 /dev/urandom > "$mnt/punched"; fallocate -p -o 50000 -l 150000 "$mnt/punched"
touch -d @1600000000 "$mnt"/acl-file "$mnt"/fragmented "$mnt"/unwritten "$mnt"/punched
umount "$mnt"
list "$img"

# Encrypted entries (fscrypt v1 policy through e4crypt): listed under their stored names only.
img=$out/encrypted.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 4096 -O ^has_journal,encrypt -U $uuid -E hash_seed=$seed -N 64 "$img" 1M
mount -o loop "$img" "$mnt"
mkdir "$mnt/secret"
echo fixture-passphrase | e4crypt add_key -S 0x1234567890abcdef1234567890abcdef "$mnt/secret" >/dev/null
printf 'hidden\n' > "$mnt/secret/plain-name.txt"; ln -s plain-name.txt "$mnt/secret/a-link"; mkdir "$mnt/secret/inner"
printf 'visible\n' > "$mnt/open.txt"
umount "$mnt"
keyctl purge logon >/dev/null 2>&1 || true

# A journal that needs recovery: a copy of the image taken while it is mounted and written to.
img=$out/needs-recovery.img; rm -f "$img"
mke2fs -q -F -t ext4 -b 1024 -U $uuid -E hash_seed=$seed -N 64 "$img" 4M
mount -o loop "$img" "$mnt"
printf 'before\n' > "$mnt/file"; sync; printf 'after\n' > "$mnt/file2"; sync
cp "$img" "$work/copy.img"
umount "$mnt"
mv "$work/copy.img" "$img"

rm -rf "$work"
ls -l "$out"
