#!/bin/bash
# Makes the AVB test images of this folder with AOSP's avbtool (external/avb; it needs python3 and
# openssl) and its test keys (external/avb/test/data/testkey_rsa{2048,4096,8192}.pem).
# Rerun:  src/test/resources/avb/make-avb-fixtures.sh AVB_CHECKOUT
#   AVB_CHECKOUT  a checkout of external/avb (e.g. LineageOS/android_external_avb)
# The data blocks are patterns (block i holds byte i), so the images compress well in git.
set -euo pipefail
avb=$(readlink -f "$1")
cd "$(dirname "$(readlink -f "$0")")"
tool() { python3 "$avb/avbtool.py" "$@"; }
key() { echo "$avb/test/data/testkey_rsa$1.pem"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# blocks N FILE: N blocks of 4096 bytes, block i filled with byte i % 256
blocks() { python3 -c "import sys; sys.stdout.buffer.write(b''.join(bytes([i % 256]) * 4096 for i in range($1)))" > "$2"; }

# vbmeta images, one per algorithm, with every descriptor type and public key metadata
tool extract_public_key --key "$(key 2048)" --output "$work/chained.avbpubkey"
head -c 100 /dev/zero | tr '\0' 'm' > "$work/metadata.bin"
blocks 3 "$work/boot.img"
tool add_hash_footer --image "$work/boot.img" --partition_name boot --partition_size $((24 * 4096)) \
    --salt 00112233 --algorithm NONE
for alg in SHA256_RSA2048 SHA256_RSA4096 SHA256_RSA8192 SHA512_RSA2048 SHA512_RSA4096 SHA512_RSA8192; do
    bits=${alg##*RSA}
    tool make_vbmeta_image --algorithm "$alg" --key "$(key "$bits")" --output "vbmeta-$alg.img" \
        --prop com.example.key:value --prop empty: --kernel_cmdline "console=ttyS0 quiet" \
        --chain_partition "vendor:1:$work/chained.avbpubkey" --include_descriptors_from_image "$work/boot.img" \
        --public_key_metadata "$work/metadata.bin" --rollback_index 7 --padding_size 4096
done
tool make_vbmeta_image --algorithm NONE --output vbmeta-NONE.img --prop unsigned:yes

# payloads with hashtree footers
blocks 10 hashtree-sha1.img
tool add_hashtree_footer --image hashtree-sha1.img --do_not_generate_fec \
    --hash_algorithm sha1 --salt 0a0b0c --algorithm SHA256_RSA2048 --key "$(key 2048)"
blocks 70 hashtree-sha512.img
tool add_hashtree_footer --image hashtree-sha512.img --do_not_generate_fec \
    --hash_algorithm sha512 --salt 00 --algorithm SHA512_RSA4096 --key "$(key 4096)"
blocks 130 hashtree-none.img
tool add_hashtree_footer --image hashtree-none.img --do_not_generate_fec \
    --hash_algorithm sha256 --salt 5a5a --no_hashtree --algorithm SHA256_RSA4096 --key "$(key 4096)"
blocks 2 hashtree-two-blocks.img
tool add_hashtree_footer --image hashtree-two-blocks.img --do_not_generate_fec \
    --hash_algorithm sha256 --salt 01 --algorithm SHA256_RSA2048 --key "$(key 2048)"
for f in *.img; do echo "== $f"; tool info_image --image "$f" | grep -E "Algorithm|Tree Size|Root Digest|Image Size" || true; done
