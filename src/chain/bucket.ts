// One bucket of a state tree: its leaves as sorted records (path 32 bytes ‖ leaf hash 32 bytes) in one
// byte array. A bucket holds about n / 65,536 leaves, so a sorted insert moves a few hundred bytes, and
// a million leaves cost 64 MB instead of two objects each (a replay of a million accounts fits in
// memory, and a cache file's record is the bucket as it is).

const RECORD = 64;

function compare(a: Uint8Array, aAt: number, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const d = a[aAt + i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

export class Bucket {
  private data: Uint8Array;
  count: number;

  /** `records`: count × (path ‖ hash) in path order, taken as they are (not copied) */
  constructor(records: Uint8Array = new Uint8Array(0), count = records.length / RECORD) {
    this.data = records;
    this.count = count;
  }

  /** The index of `path` among the leaves (path order), or -(insertion point) - 1. */
  find(path: Uint8Array): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compare(this.data, mid * RECORD, path);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -lo - 1;
  }

  get(path: Uint8Array): Uint8Array | undefined {
    const i = this.find(path);
    return i < 0 ? undefined : this.data.subarray(i * RECORD + 32, i * RECORD + RECORD);
  }

  set(path: Uint8Array, hash: Uint8Array): void {
    let i = this.find(path);
    if (i < 0) {
      i = -i - 1;
      const need = (this.count + 1) * RECORD;
      if (need > this.data.length) {
        const grown = new Uint8Array(Math.max(need, this.count * RECORD * 2, 4 * RECORD));
        grown.set(this.data.subarray(0, this.count * RECORD));
        this.data = grown;
      }
      this.data.copyWithin((i + 1) * RECORD, i * RECORD, this.count * RECORD);
      this.data.set(path, i * RECORD);
      this.count++;
    }
    this.data.set(hash, i * RECORD + 32);
  }

  delete(path: Uint8Array): boolean {
    const i = this.find(path);
    if (i < 0) return false;
    this.data.copyWithin(i * RECORD, (i + 1) * RECORD, this.count * RECORD);
    this.count--;
    return true;
  }

  /** The leaf hashes in path order (views into the bucket: use them before the next change). */
  hashes(): Uint8Array[] {
    const out: Uint8Array[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.data.subarray(i * RECORD + 32, (i + 1) * RECORD);
    return out;
  }

  /** The records, count × (path ‖ hash), in path order. */
  records(): Uint8Array {
    return this.data.subarray(0, this.count * RECORD);
  }
}
