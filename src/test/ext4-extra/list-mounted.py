#!/usr/bin/env python3
"""Lists a mounted filesystem in the fixture format of ../shared/fixtures/README.md (what the
kernel shows of each entry), one JSON line per entry, sorted by path as raw bytes."""
import hashlib, json, os, stat, sys

def entry(root, rel):
    p = os.path.join(root, rel) if rel else root
    st = os.lstat(p)
    kinds = {stat.S_IFREG: "file", stat.S_IFDIR: "dir", stat.S_IFLNK: "symlink", stat.S_IFCHR: "chr",
             stat.S_IFBLK: "blk", stat.S_IFIFO: "fifo", stat.S_IFSOCK: "sock"}
    t = kinds[stat.S_IFMT(st.st_mode)]
    e = {"path": "/" + rel if rel else "/", "type": t, "mode": "0o%o" % stat.S_IMODE(st.st_mode),
         "uid": st.st_uid, "gid": st.st_gid}
    if t not in ("dir", "symlink"):
        e["mtime"] = int(st.st_mtime_ns // 1_000_000_000)
    if t == "file":
        e["size"] = st.st_size
        h = hashlib.sha256()
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        e["sha256"] = h.hexdigest()
        if st.st_nlink > 1:
            e["nlink"] = st.st_nlink
    if t == "symlink":
        e["target"] = os.readlink(os.fsencode(p)).hex()
    if t in ("chr", "blk"):
        e["rdev"] = [os.major(st.st_rdev), os.minor(st.st_rdev)]
    xs = {}
    for n in os.listxattr(p, follow_symlinks=False):
        xs[n] = os.getxattr(p, n, follow_symlinks=False).hex()
    if xs:
        e["xattrs"] = xs
    return e

def main(root):
    rels = [b""]
    for d, dirs, files in os.walk(os.fsencode(root)):
        for n in dirs + files:
            rels.append(os.path.relpath(os.path.join(d, n), os.fsencode(root)))
    rels.sort(key=lambda r: b"/" + r if r else b"/")
    out = sys.stdout.buffer
    for r in rels:
        e = entry(root, os.fsdecode(r) if r else "")
        e["path"] = ("/" + os.fsdecode(r)) if r else "/"
        line = json.dumps(e, sort_keys=True, ensure_ascii=False)
        out.write(line.encode("utf-8", "surrogateescape") + b"\n")

main(sys.argv[1])
