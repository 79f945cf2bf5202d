/**
 * NumPy .npy files, format version 1.0 (numpy.lib.format): magic "\x93NUMPY",
 * version 1.0, little-endian uint16 header length, a Python-literal dict header
 * padded with spaces and a final newline so the data starts at a multiple of 64,
 * then the raw little-endian float64 data in C order. Used for the sampler's raw
 * network outputs f(x) (optional).
 */
import { InvalidArgumentError } from '../core/errors.js';

/** The header (magic … padded dict) of a C-ordered little-endian float64 array of this shape. */
export function npyHeader(shape: readonly number[]): Buffer {
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shp}, }`;
  const unpadded = 10 + dict.length + 1; // magic(6) + version(2) + len(2) + dict + '\n'
  const pad = (64 - (unpadded % 64)) % 64;
  const text = dict + ' '.repeat(pad) + '\n';
  const buf = Buffer.alloc(10 + text.length);
  buf.write('\x93NUMPY', 0, 'latin1');
  buf[6] = 1; buf[7] = 0;
  buf.writeUInt16LE(text.length, 8);
  buf.write(text, 10, 'latin1');
  return buf;
}

/** Parses a v1.0/v2.0 .npy buffer holding '<f8' data: its shape and data (for tests and tools). */
export function readNpy(buf: Buffer): { shape: number[]; fortranOrder: boolean; data: Float64Array } {
  if (buf.subarray(0, 6).toString('latin1') !== '\x93NUMPY') throw new InvalidArgumentError('not a .npy file (bad magic)');
  const major = buf[6]!;
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + hlen).toString('latin1');
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  if (descr !== '<f8') throw new InvalidArgumentError(`unsupported dtype ${descr}`);
  const fortranOrder = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const off = start + hlen;
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = buf.readDoubleLE(off + 8 * i);
  return { shape, fortranOrder, data };
}
