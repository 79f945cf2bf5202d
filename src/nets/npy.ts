/**
 * NumPy .npy files, format version 1.0 (numpy.lib.format): magic "\x93NUMPY",
 * version 1.0, little-endian uint16 header length, a Python-literal dict header
 * padded with spaces and a final newline so the data starts at a multiple of 64,
 * then the raw little-endian float64 data in C order. Used for the sampler's raw
 * network outputs f(x) (optional).
 */
import { InvalidArgumentError } from '../core/errors.js';

/* Plain Uint8Array and DataView, not Node's Buffer: the published types must not need @types/node. */
const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);
const writeLatin1 = (out: Uint8Array, text: string, at: number): void => {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i) & 0xff;
};

/** The header (magic … padded dict) of a C-ordered little-endian float64 array of this shape. */
export function npyHeader(shape: readonly number[]): Uint8Array {
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shp}, }`;
  const unpadded = 10 + dict.length + 1; // magic(6) + version(2) + len(2) + dict + '\n'
  const pad = (64 - (unpadded % 64)) % 64;
  const text = dict + ' '.repeat(pad) + '\n';
  const buf = new Uint8Array(10 + text.length);
  writeLatin1(buf, '\x93NUMPY', 0);
  buf[6] = 1; buf[7] = 0;
  new DataView(buf.buffer).setUint16(8, text.length, true);
  writeLatin1(buf, text, 10);
  return buf;
}

/** Parses a v1.0/v2.0 .npy file's bytes (a Node Buffer is a Uint8Array) holding '<f8' data: its shape and data (for tests and tools). */
export function readNpy(buf: Uint8Array): { shape: number[]; fortranOrder: boolean; data: Float64Array } {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 12 || latin1(buf.subarray(0, 6)) !== '\x93NUMPY') throw new InvalidArgumentError('not a .npy file (bad magic)');
  const major = buf[6]!;
  const hlen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = latin1(buf.subarray(start, start + hlen));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  if (descr !== '<f8') throw new InvalidArgumentError(`unsupported dtype ${descr}`);
  const fortranOrder = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const off = start + hlen;
  const count = shape.reduce((a, b) => a * b, 1);
  if (off + 8 * count > buf.length) throw new InvalidArgumentError(`truncated .npy file: ${count} values announced, ${Math.floor((buf.length - off) / 8)} present`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat64(off + 8 * i, true);
  return { shape, fortranOrder, data };
}
