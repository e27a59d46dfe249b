/**
 * The protobuf wire format, read defensively: every length is checked against what is left, varints
 * are at most ten bytes, and failures carry gogo-protobuf's wording (what kube-apiserver answers).
 */

/** A malformed protobuf body; the decoder turns it into a 400 BadRequest. */
export class ProtobufError extends Error {}

/** Wire type 0: varint (ints, bools). */
export const WIRE_VARINT = 0;
/** Wire type 1: eight bytes (float64). */
export const WIRE_FIXED64 = 1;
/** Wire type 2: length-delimited (strings, bytes, messages, packed repeats). */
export const WIRE_BYTES = 2;
/** Wire type 5: four bytes (unused by Kubernetes, skipped when unknown). */
export const WIRE_FIXED32 = 5;

/** One field header: its number and wire type. */
export interface FieldTag {
  field: number;
  wire: number;
}

/** A cursor over one message's bytes. */
export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  /** Whether every byte has been read. */
  done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** A varint as an unsigned 64-bit BigInt. */
  varint64(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (shift >= 70n) throw new ProtobufError('proto: integer overflow');
      if (this.pos >= this.buf.length) throw new ProtobufError('unexpected EOF');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
  }

  /** A varint read as Go's int64 (two's complement), as a JS number (exact up to 2^53). */
  int64(): number {
    return Number(BigInt.asIntN(64, this.varint64()));
  }

  /** A varint small enough to be a length or a field tag. */
  private smallVarint(): number {
    const v = this.varint64();
    if (v > 0x7fffffffn) throw new ProtobufError('proto: negative length found during unmarshaling');
    return Number(v);
  }

  /** The next field header; field number 0 is illegal, as are group wire types. */
  tag(message: string): FieldTag {
    const v = this.varint64();
    const field = Number(v >> 3n);
    const wire = Number(v & 7n);
    if (wire === 4) throw new ProtobufError(`proto: ${message}: wiretype end group for non-group`);
    if (field <= 0 || v >> 3n > 0x1fffffffn) throw new ProtobufError(`proto: ${message}: illegal tag ${field} (wire type ${wire})`);
    return { field, wire };
  }

  /** A length-delimited payload (a view, not a copy). */
  bytes(): Uint8Array {
    const len = this.smallVarint();
    if (len > this.buf.length - this.pos) throw new ProtobufError('unexpected EOF');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  /** Eight little-endian bytes as a float64. */
  double(): number {
    if (this.buf.length - this.pos < 8) throw new ProtobufError('unexpected EOF');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  /** Skips a field we do not know, as gogo's generated code does; groups are not accepted. */
  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint64();
    else if (wire === WIRE_BYTES) this.bytes();
    else if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      const n = wire === WIRE_FIXED64 ? 8 : 4;
      if (this.buf.length - this.pos < n) throw new ProtobufError('unexpected EOF');
      this.pos += n;
    } else throw new ProtobufError(`proto: illegal wireType ${wire}`);
  }
}

const utf8 = new TextDecoder('utf-8');

/** Bytes as a string (Go keeps invalid UTF-8 as is; JSON can only carry replacement characters). */
export function utf8String(b: Uint8Array): string {
  return utf8.decode(b);
}

/** Standard base64 with padding, as Go's encoding/json writes []byte. */
export function base64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}
