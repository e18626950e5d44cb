# recompress.py IN OUT lz4|xz : the zstd-compressed DATA object of IN rewritten with another compression, appended
# after the tail object; the entry item that pointed at it repointed; header flags, tail and counts updated.
import struct, subprocess, sys
src, dst, kind = sys.argv[1:4]
d = bytearray(open(src, 'rb').read())
hs = struct.unpack_from('<Q', d, 88)[0]
compact = struct.unpack_from('<I', d, 12)[0] & 16
payload_at = 72 if compact else 64
off = hs; target = None; entries = []; tail = None
while off + 16 <= len(d):
    t, fl = d[off], d[off + 1]; sz = struct.unpack_from('<Q', d, off + 8)[0]
    if t == 0 or sz == 0: break
    if t == 1 and fl == 4: target = (off, sz)
    if t == 3: entries.append((off, sz))
    tail = (off, sz)
    off += (sz + 7) // 8 * 8
toff, tsz = target
raw = bytes(d[toff + payload_at: toff + tsz])
plain = subprocess.run(['zstd', '-d', '-c'], input=raw, capture_output=True, check=True).stdout
if kind == 'lz4':
    frame = subprocess.run(['lz4', '-B4', '--no-frame-crc', '-c', '-9'], input=plain, capture_output=True, check=True).stdout
    assert frame[:4] == b'\x04\x22\x4d\x18'
    flg = frame[4]; hdr = 7 + (8 if flg & 8 else 0)
    bsz = struct.unpack_from('<I', frame, hdr)[0]
    assert not (bsz & 0x80000000), 'block stored uncompressed'
    block = frame[hdr + 4: hdr + 4 + bsz]
    assert struct.unpack_from('<I', frame, hdr + 4 + bsz)[0] == 0, 'more than one block'
    newpay = struct.pack('<Q', len(plain)) + block; flag = 2; hflag = 2
else:
    newpay = subprocess.run(['xz', '-c', '--check=none'], input=plain, capture_output=True, check=True).stdout; flag = 1; hflag = 1
obj = bytearray(d[toff: toff + payload_at]) + newpay
obj[1] = flag
struct.pack_into('<Q', obj, 8, len(obj))
newoff = (tail[0] + tail[1] + 7) // 8 * 8
d[newoff: newoff + len(obj)] = obj
n = 0
for eoff, esz in entries:
    step = 4 if compact else 16
    for i in range(eoff + 64, eoff + esz, step):
        v = struct.unpack_from('<I' if compact else '<Q', d, i)[0]
        if v == toff:
            struct.pack_into('<I' if compact else '<Q', d, i, newoff); n += 1
assert n == 1, n
struct.pack_into('<I', d, 12, struct.unpack_from('<I', d, 12)[0] | hflag)
struct.pack_into('<Q', d, 136, newoff)
struct.pack_into('<Q', d, 144, struct.unpack_from('<Q', d, 144)[0] + 1)
open(dst, 'wb').write(d)
print(f'{kind}: DATA object at {toff} ({tsz} bytes, zstd) rewritten at {newoff} ({len(obj)} bytes, {len(plain)} decompressed)')
