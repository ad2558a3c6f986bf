// The extension's toolbar icon as a PNG of any size, drawn here rather than kept as binary
// files: the app's favicon (a dark blue rounded square with yellow quotation marks) as shapes —
// two opening quotation marks, each a round head with a tail curling down to the left.
import zlib from 'node:zlib';

const BLUE = [0x1d, 0x4e, 0x89];
const YELLOW = [0xff, 0xd1, 0x66];

/** Which colour the point (x, y) of the unit square has, or null outside the icon. */
function colour(x, y) {
  const r = 0.19; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  for (const mx of [0.34, 0.66]) {
    const head = (x - mx) ** 2 + (y - 0.56) ** 2 < 0.115 ** 2;
    // The tail: a band between two circles, above and to the right of the head.
    const d = Math.hypot(x - (mx + 0.16), y - 0.56);
    const tail = d > 0.16 && d < 0.27 && y < 0.56 && x < mx + 0.16;
    if (head || tail) return YELLOW;
  }
  return BLUE;
}

/** A size × size RGBA PNG of the icon, anti-aliased by 4 × 4 supersampling. */
export function icon(size) {
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + 4 * size); // filter byte 0: none
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const c = colour((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size);
          if (!c) continue;
          for (let k = 0; k < 3; k++) sum[k] += c[k];
          sum[3] += 1;
        }
      }
      const o = 1 + 4 * px;
      if (sum[3] > 0) for (let k = 0; k < 3; k++) row[o + k] = Math.round(sum[k] / sum[3]);
      row[o + 3] = Math.round((255 * sum[3]) / 16);
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
