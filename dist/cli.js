#!/usr/bin/env node
import { createRequire as __tinychainCreateRequire } from 'node:module';
const require = __tinychainCreateRequire(import.meta.url);

// src/lang/errors.ts
var STATUS_OK = 0;
var STATUS_ABORT = 1;
var STATUS_OUT_OF_GAS = 2;
var STATUS_RUNTIME = 3;
var STATUS_MEANING = {
  0: "success",
  1: "aborted",
  2: "out of gas",
  3: "runtime error"
};
function where(pos) {
  if (!pos) return "";
  return pos.fn ? ` (in ${pos.fn}, at ${pos.line}:${pos.col})` : ` (at ${pos.line}:${pos.col})`;
}
var VmError = class extends Error {
  constructor(status, message2) {
    super(message2);
    this.status = status;
  }
  status;
};
var DataError = class extends Error {
  constructor(message2, pos) {
    super(pos ? `${pos.line}:${pos.col}: ${message2}` : message2);
    this.pos = pos;
  }
  pos;
  code = "E_DATA";
};

// src/lang/limits.ts
var DEFAULT_EVAL_GAS = 3e7;

// node_modules/@noble/hashes/_u64.js
var U32_MASK64 = /* @__PURE__ */ (() => BigInt(2 ** 32 - 1))();
var _32n = /* @__PURE__ */ BigInt(32);
function fromBig(n, le = false) {
  if (le)
    return { h: Number(n & U32_MASK64), l: Number(n >> _32n & U32_MASK64) };
  return { h: Number(n >> _32n & U32_MASK64) | 0, l: Number(n & U32_MASK64) | 0 };
}
function split(lst, le = false) {
  const len = lst.length;
  let Ah = new Uint32Array(len);
  let Al = new Uint32Array(len);
  for (let i = 0; i < len; i++) {
    const { h, l } = fromBig(lst[i], le);
    [Ah[i], Al[i]] = [h, l];
  }
  return [Ah, Al];
}

// node_modules/@noble/hashes/utils.js
function isBytes(a) {
  return a instanceof Uint8Array || ArrayBuffer.isView(a) && a.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in a && a.BYTES_PER_ELEMENT === 1;
}
var atitle = (title) => title ? `"${title}" ` : "";
function anumber(n, title = "") {
  if (typeof n !== "number")
    throw new TypeError(atitle(title) + "expected number, got " + typeof n);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(atitle(title) + "expected integer >= 0, got " + n);
  return n;
}
function abool(value, title = "") {
  if (typeof value !== "boolean")
    throw new TypeError(atitle(title) + "expected boolean, got type=" + typeof value);
  return value;
}
function abytes(value, length, title = "") {
  if (isBytes(value) && (length === void 0 || value.length === length))
    return value;
  if (length !== void 0)
    anumber(length, "length");
  const bytes = isBytes(value);
  const ofLen = length !== void 0 ? ` of length ${length}` : "";
  const got = bytes ? `length=${value.length}` : `type=${typeof value}`;
  const message2 = atitle(title) + "expected Uint8Array" + ofLen + ", got " + got;
  if (!bytes)
    throw new TypeError(message2);
  throw new RangeError(message2);
}
var aobject = (value, label) => {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new TypeError((label === "object" ? "" : `"${label}" `) + "expected object, got type=" + typeof value);
};
var aopts = (value, label) => {
  aobject(value, label);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`"${label}" expected plain object`);
  if (Object.hasOwn(value, "__proto__"))
    throw new TypeError(`"${label}.__proto__" is not allowed`);
};
function aexists(instance, checkFinished = true) {
  if (instance.destroyed)
    throw new Error("hash was destroyed");
  if (checkFinished && instance.finished)
    throw new Error("digest() was already called");
}
function aoutput(out, instance) {
  abytes(out, void 0, "output");
  const min = instance.outputLen;
  if (!(out.length >= min)) {
    throw new RangeError('"output" expected length >= ' + min);
  }
}
function u32(arr) {
  return new Uint32Array(arr.buffer, arr.byteOffset, Math.floor(arr.byteLength / 4));
}
function clean(...arrays) {
  for (let i = 0; i < arrays.length; i++) {
    arrays[i].fill(0);
  }
}
var isLE = /* @__PURE__ */ (() => new Uint8Array(new Uint32Array([287454020]).buffer)[0] === 68)();
function byteSwap(word) {
  return word << 24 & 4278190080 | word << 8 & 16711680 | word >>> 8 & 65280 | word >>> 24 & 255;
}
function byteSwap32(arr) {
  for (let i = 0; i < arr.length; i++) {
    arr[i] = byteSwap(arr[i]);
  }
  return arr;
}
var swap32IfBE = isLE ? (u) => u : byteSwap32;
function utf8ToBytes(str) {
  if (typeof str !== "string")
    throw new TypeError("string expected");
  const encoded = new TextEncoder().encode(str);
  try {
    return new Uint8Array(encoded);
  } finally {
    clean(encoded);
  }
}
function checkOpts(defaults, opts, title = "opts") {
  aopts(defaults, "defaults");
  if (opts !== void 0)
    aopts(opts, title);
  const merged = Object.assign(/* @__PURE__ */ Object.create(null), defaults, opts);
  return merged;
}
function createHasher(hashCons, info = {}) {
  if (typeof hashCons !== "function")
    throw new TypeError('"hashCons" expected function, got type=' + typeof hashCons);
  info = checkOpts({}, info, "info");
  const hashC = (msg, opts) => hashCons(opts).update(msg).digest();
  const tmp = hashCons(void 0);
  hashC.outputLen = tmp.outputLen;
  hashC.blockLen = tmp.blockLen;
  hashC.canXOF = tmp.canXOF;
  hashC.create = (opts) => hashCons(opts);
  Object.assign(hashC, info);
  return Object.freeze(hashC);
}

// node_modules/@noble/hashes/sha3.js
var _0n = BigInt(0);
var _1n = BigInt(1);
var _2n = BigInt(2);
var _7n = BigInt(7);
var _256n = BigInt(256);
var _0x71n = BigInt(113);
var SHA3_PI = [];
var SHA3_ROTL = [];
var _SHA3_IOTA = [];
for (let round = 0, R = _1n, x = 1, y = 0; round < 24; round++) {
  [x, y] = [y, (2 * x + 3 * y) % 5];
  SHA3_PI.push(2 * (5 * y + x));
  SHA3_ROTL.push((round + 1) * (round + 2) / 2 % 64);
  let t = _0n;
  for (let j = 0; j < 7; j++) {
    R = (R << _1n ^ (R >> _7n) * _0x71n) % _256n;
    if (R & _2n)
      t ^= _1n << (_1n << BigInt(j)) - _1n;
  }
  _SHA3_IOTA.push(t);
}
var IOTAS = split(_SHA3_IOTA, true);
var SHA3_IOTA_H = IOTAS[0];
var SHA3_IOTA_L = IOTAS[1];
var rotlSH = (h, l, s) => h << s | l >>> 32 - s;
var rotlSL = (h, l, s) => l << s | h >>> 32 - s;
var rotlBH = (h, l, s) => l << s - 32 | h >>> 64 - s;
var rotlBL = (h, l, s) => h << s - 32 | l >>> 64 - s;
var rotlH = (h, l, s) => s > 32 ? rotlBH(h, l, s) : rotlSH(h, l, s);
var rotlL = (h, l, s) => s > 32 ? rotlBL(h, l, s) : rotlSL(h, l, s);
var B = new Uint32Array(5 * 2);
function keccakP(s, rounds = 24) {
  if (!(s instanceof Uint32Array))
    throw new TypeError('"s" expected Uint32Array(50), got type=' + typeof s);
  if (s.length !== 50)
    throw new RangeError('"s" expected Uint32Array(50), got length=' + s.length);
  anumber(rounds, "rounds");
  if (rounds < 1 || rounds > 24)
    throw new Error('"rounds" expected integer 1..24');
  for (let round = 24 - rounds; round < 24; round++) {
    for (let x = 0; x < 10; x++)
      B[x] = s[x] ^ s[x + 10] ^ s[x + 20] ^ s[x + 30] ^ s[x + 40];
    for (let x = 0; x < 10; x += 2) {
      const idx1 = (x + 8) % 10;
      const idx0 = (x + 2) % 10;
      const B0 = B[idx0];
      const B1 = B[idx0 + 1];
      const Th = rotlH(B0, B1, 1) ^ B[idx1];
      const Tl = rotlL(B0, B1, 1) ^ B[idx1 + 1];
      for (let y = 0; y < 50; y += 10) {
        s[x + y] ^= Th;
        s[x + y + 1] ^= Tl;
      }
    }
    let curH = s[2];
    let curL = s[3];
    for (let t = 0; t < 24; t++) {
      const shift = SHA3_ROTL[t];
      const Th = rotlH(curH, curL, shift);
      const Tl = rotlL(curH, curL, shift);
      const PI = SHA3_PI[t];
      curH = s[PI];
      curL = s[PI + 1];
      s[PI] = Th;
      s[PI + 1] = Tl;
    }
    for (let y = 0; y < 50; y += 10) {
      const b0 = s[y], b1 = s[y + 1], b2 = s[y + 2], b3 = s[y + 3];
      s[y] ^= ~s[y + 2] & s[y + 4];
      s[y + 1] ^= ~s[y + 3] & s[y + 5];
      s[y + 2] ^= ~s[y + 4] & s[y + 6];
      s[y + 3] ^= ~s[y + 5] & s[y + 7];
      s[y + 4] ^= ~s[y + 6] & s[y + 8];
      s[y + 5] ^= ~s[y + 7] & s[y + 9];
      s[y + 6] ^= ~s[y + 8] & b0;
      s[y + 7] ^= ~s[y + 9] & b1;
      s[y + 8] ^= ~b0 & b2;
      s[y + 9] ^= ~b1 & b3;
    }
    s[0] ^= SHA3_IOTA_H[round];
    s[1] ^= SHA3_IOTA_L[round];
  }
  clean(B);
}
var Keccak = class _Keccak {
  state;
  pos = 0;
  posOut = 0;
  finished = false;
  state32;
  destroyed = false;
  blockLen;
  suffix;
  outputLen;
  canXOF;
  enableXOF = false;
  rounds;
  // NOTE: we accept arguments in bytes instead of bits here.
  constructor(blockLen, suffix, outputLen, enableXOF = false, rounds = 24) {
    anumber(blockLen, "blockLen");
    anumber(suffix, "suffix");
    anumber(rounds, "rounds");
    abool(enableXOF, "enableXOF");
    this.blockLen = blockLen;
    this.suffix = suffix;
    this.outputLen = outputLen;
    this.enableXOF = enableXOF;
    this.canXOF = enableXOF;
    this.rounds = rounds;
    anumber(outputLen, "outputLen");
    if (!(0 < blockLen && blockLen < 200))
      throw new Error('"blockLen" must be 1..199');
    this.state = new Uint8Array(200);
    this.state32 = u32(this.state);
  }
  clone() {
    return this._cloneInto();
  }
  keccak() {
    swap32IfBE(this.state32);
    keccakP(this.state32, this.rounds);
    swap32IfBE(this.state32);
    this.posOut = 0;
    this.pos = 0;
  }
  update(data) {
    aexists(this);
    abytes(data);
    const { blockLen, state, state32 } = this;
    const len = data.length;
    const canUseU32 = blockLen % 4 === 0 && data.byteOffset % 4 === 0;
    const blockLen32 = blockLen / 4;
    const data32 = canUseU32 && len >= blockLen ? u32(data) : void 0;
    for (let pos = 0; pos < len; ) {
      if (data32 !== void 0 && this.pos === 0 && pos % 4 === 0 && len - pos >= blockLen) {
        for (let i = 0, o = pos / 4; i < blockLen32; i++)
          state32[i] ^= data32[o + i];
        pos += blockLen;
        this.pos = blockLen;
        this.keccak();
        continue;
      }
      const take = Math.min(blockLen - this.pos, len - pos);
      for (let i = 0; i < take; i++)
        state[this.pos++] ^= data[pos++];
      if (this.pos === blockLen)
        this.keccak();
    }
    return this;
  }
  finish() {
    if (this.finished)
      return;
    this.finished = true;
    const { state, suffix, pos, blockLen } = this;
    state[pos] ^= suffix;
    if ((suffix & 128) !== 0 && pos === blockLen - 1)
      this.keccak();
    state[blockLen - 1] ^= 128;
    this.keccak();
  }
  writeInto(out) {
    aexists(this, false);
    abytes(out);
    this.finish();
    const bufferOut = this.state;
    const { blockLen } = this;
    for (let pos = 0, len = out.length; pos < len; ) {
      if (this.posOut >= blockLen)
        this.keccak();
      const take = Math.min(blockLen - this.posOut, len - pos);
      out.set(bufferOut.subarray(this.posOut, this.posOut + take), pos);
      this.posOut += take;
      pos += take;
    }
    return out;
  }
  xofInto(out) {
    if (!this.enableXOF)
      throw new Error("XOF is not enabled");
    return this.writeInto(out);
  }
  xof(bytes) {
    anumber(bytes);
    return this.xofInto(new Uint8Array(bytes));
  }
  digestInto(out) {
    aoutput(out, this);
    if (this.finished)
      throw new Error("digest() was already called");
    this.writeInto(out.length === this.outputLen ? out : out.subarray(0, this.outputLen));
    this.destroy();
  }
  digest() {
    const out = new Uint8Array(this.outputLen);
    this.digestInto(out);
    return out;
  }
  destroy() {
    this.destroyed = true;
    clean(this.state);
  }
  _cloneInto(to) {
    const { blockLen, suffix, outputLen, rounds, enableXOF } = this;
    to ||= new _Keccak(blockLen, suffix, outputLen, enableXOF, rounds);
    to.blockLen = blockLen;
    to.state32.set(this.state32);
    to.pos = this.pos;
    to.posOut = this.posOut;
    to.finished = this.finished;
    to.rounds = rounds;
    to.suffix = suffix;
    to.outputLen = outputLen;
    to.enableXOF = enableXOF;
    to.canXOF = this.canXOF;
    to.destroyed = this.destroyed;
    return to;
  }
};
var genKeccak = (suffix, blockLen, outputLen, info = {}) => createHasher(() => new Keccak(blockLen, suffix, outputLen), info);
var keccak_256 = /* @__PURE__ */ genKeccak(1, 136, 32);

// src/lang/gas.ts
var GAS = {
  // --- evaluation ---
  /** a literal, a local variable, quote */
  constant: 1,
  /** if, cond clause, and, or, do, let binding */
  control: 1,
  /** one iteration of loop/recur */
  loopIteration: 2,
  /** calling a function or builtin through a value */
  call: 10,
  /** each argument bound in a call */
  callArgument: 1,
  /** creating a closure, plus callArgument per captured value */
  closure: 5,
  // --- builtins ---
  /** + - * / mod, comparisons, not, type predicates */
  arithmetic: 3,
  /** extra for * / mod on big operands: per 64-bit word of the result or dividend */
  arithmeticWord: 1,
  /** list, cons, first, rest, nth, len, get, has?, … : base price */
  collection: 5,
  /** per element copied or produced by cons, append, reverse, list, range, map, filter, assoc, … */
  perElement: 2,
  /** per byte of a string produced by str, or compared/measured */
  perByte: 1,
  /** = : base, then perElement for each node visited */
  equal: 3,
  /** keccak256: base + per 32-byte word (EVM: 30 + 6 per word) */
  keccak: 30,
  keccakWord: 6,
  // --- effects (contracts) ---
  /** sender, origin, self, block-number, block-time, chain-id, gas-left */
  context: 2,
  /** reading a storage slot (defvar or map entry), plus storageReadByte per byte of key and value */
  storageRead: 200,
  storageReadByte: 2,
  /** writing an existing slot, plus storageWriteByte per byte of key and new value */
  storageWrite: 2900,
  /** writing a slot that did not exist */
  storageCreate: 2e4,
  storageWriteByte: 20,
  /** deleting a slot */
  storageDelete: 2900,
  /** balance of an address */
  balance: 100,
  /** transfer of sneed */
  transfer: 2500,
  /** emit: base + per byte of printed arguments */
  event: 375,
  eventByte: 8,
  /** call / try-call of another contract, plus callArgument per byte of printed arguments */
  contractCall: 700,
  contractCallByte: 3,
  /** deploy: base + per byte of canonical code */
  deploy: 32e3,
  deployByte: 200,
  // --- transactions (SPEC 3.2) ---
  /** intrinsic gas of every transaction */
  transaction: 21e3,
  /** per byte of the transaction's data (its UTF-8 source) */
  dataByte: 16
};
function keccakGas(n) {
  return GAS.keccak + GAS.keccakWord * Math.ceil(n / 32);
}

// src/lang/values.ts
var INT_LIMIT = 1n << 256n;
var Address = class {
  /** lowercase `0x` + 40 hex digits */
  constructor(hex) {
    this.hex = hex;
  }
  hex;
};
var Sym = class _Sym {
  constructor(name) {
    this.name = name;
  }
  name;
  static table = /* @__PURE__ */ new Map();
  static of(name) {
    let s = _Sym.table.get(name);
    if (s === void 0) {
      s = new _Sym(name);
      _Sym.table.set(name, s);
    }
    return s;
  }
};
var Dict = class _Dict {
  constructor(entries) {
    this.entries = entries;
  }
  entries;
  indexOf(key) {
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = lo + hi >> 1;
      const c = compareKeys(this.entries[mid][0], key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -(lo + 1);
  }
  get(key) {
    const i = this.indexOf(key);
    return i >= 0 ? this.entries[i][1] : void 0;
  }
  assoc(key, value) {
    const i = this.indexOf(key);
    const next = this.entries.slice();
    if (i >= 0) next[i] = [key, value];
    else next.splice(-(i + 1), 0, [key, value]);
    return new _Dict(next);
  }
  dissoc(key) {
    const i = this.indexOf(key);
    if (i < 0) return this;
    const next = this.entries.slice();
    next.splice(i, 1);
    return new _Dict(next);
  }
  get size() {
    return this.entries.length;
  }
};
var Closure = class {
  constructor(template, captured) {
    this.template = template;
    this.captured = captured;
  }
  template;
  captured;
};
var Builtin = class {
  constructor(name, minArgs, maxArgs, apply) {
    this.name = name;
    this.minArgs = minArgs;
    this.maxArgs = maxArgs;
    this.apply = apply;
  }
  name;
  minArgs;
  maxArgs;
  apply;
};
function isDictKey(v) {
  const t = typeof v;
  return t === "bigint" || t === "boolean" || t === "string" || v instanceof Address || v instanceof Sym;
}
function typeName(v) {
  if (v === null) return "nil";
  switch (typeof v) {
    case "bigint":
      return "int";
    case "boolean":
      return "bool";
    case "string":
      return "string";
  }
  if (v instanceof Address) return "address";
  if (v instanceof Sym) return "symbol";
  if (Array.isArray(v)) return "list";
  if (v instanceof Dict) return "dict";
  return "fn";
}
function compareStrings(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 55296 && x <= 57343 ? x + 8192 : x >= 57344 ? x - 2048 : x;
      const ys = y >= 55296 && y <= 57343 ? y + 8192 : y >= 57344 ? y - 2048 : y;
      return xs < ys ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
function keyRank(k) {
  switch (typeof k) {
    case "boolean":
      return 0;
    case "bigint":
      return 1;
    case "string":
      return 2;
  }
  return k instanceof Address ? 3 : 4;
}
function compareKeys(a, b) {
  const ra = keyRank(a);
  const rb = keyRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return a === b ? 0 : a ? 1 : -1;
    case 1:
      return a < b ? -1 : a > b ? 1 : 0;
    case 2:
      return compareStrings(a, b);
    case 3:
      return compareStrings(a.hex, b.hex);
    default:
      return compareStrings(a.name, b.name);
  }
}
function valuesEqual(a, b, onVisit) {
  const stack = [a, b];
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (onVisit) onVisit();
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
    if (x instanceof Address) {
      if (!(y instanceof Address) || x.hex !== y.hex) return false;
    } else if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push(x[i], y[i]);
    } else if (x instanceof Dict) {
      if (!(y instanceof Dict) || x.size !== y.size) return false;
      for (let i = 0; i < x.size; i++) {
        const [kx, vx] = x.entries[i];
        const [ky, vy] = y.entries[i];
        stack.push(kx, ky, vx, vy);
      }
    } else {
      return false;
    }
  }
  return true;
}
var OK = Sym.of("ok");
var ERR = Sym.of("err");
function utf8Length(s) {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      if (c < 2048) n += 1;
      else if (c >= 55296 && c <= 56319) {
        n += 2;
        i++;
      } else n += 2;
    }
  }
  return n;
}

// src/lang/printer.ts
function printString(s) {
  let out = '"';
  let run2 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = "\\\\";
    else if (c === 10) esc = "\\n";
    else if (c === 9) esc = "\\t";
    if (esc !== void 0) {
      out += s.slice(run2, i) + esc;
      run2 = i + 1;
    }
  }
  return `${out + s.slice(run2)}"`;
}
var TooDeep = class extends Error {
};
var SPACE = { sep: true };
var CLOSE_PAREN = { close: ")" };
function printValue(v, options = {}) {
  const meter = options.meter;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const parts = [];
  const emit = (s) => {
    if (meter) meter(s.length);
    parts.push(s);
  };
  const stack = [v];
  let depth = 0;
  while (stack.length > 0) {
    const t = stack.pop();
    if (t === SPACE) {
      emit(" ");
      continue;
    }
    if (t === CLOSE_PAREN) {
      depth--;
      emit(")");
      continue;
    }
    const x = t;
    if (x === null) emit("nil");
    else if (typeof x === "bigint") emit(x.toString());
    else if (typeof x === "boolean") emit(x ? "true" : "false");
    else if (typeof x === "string") {
      if (meter) meter(x.length + 2);
      parts.push(printString(x));
    } else if (x instanceof Address) emit(x.hex);
    else if (x instanceof Sym) emit(x.name);
    else if (Array.isArray(x)) {
      if (++depth > maxDepth) throw new TooDeep(`value nested deeper than ${maxDepth} levels`);
      emit("(");
      stack.push(CLOSE_PAREN);
      for (let i = x.length - 1; i >= 0; i--) {
        stack.push(x[i]);
        if (i > 0) stack.push(SPACE);
      }
    } else if (x instanceof Dict) {
      if (++depth > maxDepth) throw new TooDeep(`value nested deeper than ${maxDepth} levels`);
      emit("(dict");
      stack.push(CLOSE_PAREN);
      for (let i = x.entries.length - 1; i >= 0; i--) {
        const [k, val] = x.entries[i];
        stack.push(val, SPACE, k, SPACE);
      }
    } else if (x instanceof Closure || x instanceof Builtin) emit("<fn>");
  }
  return parts.join("");
}
function printForm(f) {
  switch (f.kind) {
    case "int":
      return f.value.toString();
    case "string":
      return printString(f.value);
    case "address":
      return f.value.hex;
    case "symbol":
      return f.name;
    case "bool":
      return f.value ? "true" : "false";
    case "nil":
      return "nil";
    case "list":
      return `(${f.items.map(printForm).join(" ")})`;
  }
}

// src/lang/runtime.ts
var MAX_CALL_DEPTH = 32;
var HOST_DEPTH_LIMIT = 700;
var CALL_DEPTH_COST = 4;
var CONTRACT_CALL_DEPTH_COST = 12;
var gasLeft = 0;
var rt = {
  get gas() {
    return gasLeft;
  },
  set gas(n) {
    gasLeft = n;
  },
  hostDepth: 0,
  host: null,
  frame: null,
  /** addresses of the contracts on the call stack, for the reentrancy rule */
  callStack: []
};
function outOfGas() {
  gasLeft = 0;
  throw new VmError(STATUS_OUT_OF_GAS, "out of gas");
}
function charge(n) {
  if ((gasLeft -= n) < 0) outOfGas();
}
function runtimeError(message2, pos) {
  throw new VmError(STATUS_RUNTIME, message2 + where(pos));
}
function abort(message2) {
  throw new VmError(STATUS_ABORT, message2);
}
function expectInt(v, what, pos) {
  if (typeof v !== "bigint") runtimeError(`${what} must be an int, got ${typeName(v)}`, pos);
  return v;
}
function expectAddress(v, what, pos) {
  if (!(v instanceof Address)) runtimeError(`${what} must be an address, got ${typeName(v)}`, pos);
  return v;
}
function expectList(v, what, pos) {
  if (!Array.isArray(v)) runtimeError(`${what} must be a list, got ${typeName(v)}`, pos);
  return v;
}
function enterDepth(cost, pos) {
  if ((rt.hostDepth += cost) > HOST_DEPTH_LIMIT)
    runtimeError(
      "call stack too deep: recursion exceeds the interpreter's depth limit (use loop/recur)",
      pos
    );
}
function callClosure(fn, args2, pos) {
  const t = fn.template;
  if (args2.length !== t.arity)
    runtimeError(`${t.name} takes ${t.arity} argument${t.arity === 1 ? "" : "s"}, got ${args2.length}`, pos);
  charge(GAS.call + GAS.callArgument * args2.length);
  const frame = new Array(t.frameSize);
  for (let i = 0; i < args2.length; i++) frame[i] = args2[i];
  const captured = fn.captured;
  for (let i = 0; i < captured.length; i++) frame[t.arity + i] = captured[i];
  const cost = t.depthCost;
  if ((rt.hostDepth += cost) > HOST_DEPTH_LIMIT)
    runtimeError(
      "call stack too deep: recursion exceeds the interpreter's depth limit (use loop/recur)",
      pos
    );
  const result = t.body(frame);
  rt.hostDepth -= cost;
  return result;
}
function caller(f, n, pos) {
  if (!(f instanceof Closure)) return { call: (a, b) => applyValue(f, n === 1 ? [a] : [a, b], pos), done: () => {
  } };
  const t = f.template;
  if (t.arity !== n) runtimeError(`${t.name} takes ${t.arity} argument${t.arity === 1 ? "" : "s"}, got ${n}`, pos);
  const frame = new Array(t.frameSize);
  const captured = f.captured;
  for (let i = 0; i < captured.length; i++) frame[n + i] = captured[i];
  const gas = GAS.call + GAS.callArgument * n;
  const cost = t.depthCost;
  const body = t.body;
  enterDepth(cost, pos);
  const call = n === 1 ? (a) => {
    charge(gas);
    frame[0] = a;
    return body(frame);
  } : (a, b) => {
    charge(gas);
    frame[0] = a;
    frame[1] = b;
    return body(frame);
  };
  return {
    call,
    done: () => {
      rt.hostDepth -= cost;
    }
  };
}
function applyValue(f, args2, pos) {
  if (f instanceof Closure) return callClosure(f, args2, pos);
  if (f instanceof Builtin) {
    if (args2.length < f.minArgs || args2.length > f.maxArgs) {
      const want = f.minArgs === f.maxArgs ? `${f.minArgs}` : f.maxArgs === Infinity ? `at least ${f.minArgs}` : `${f.minArgs} to ${f.maxArgs}`;
      runtimeError(`${f.name} takes ${want} argument${want === "1" ? "" : "s"}, got ${args2.length}`, pos);
    }
    charge(GAS.call);
    return f.apply(args2);
  }
  return runtimeError(`cannot call a ${typeName(f)}: only functions can be called`, pos);
}
function checkData(v, what, pos) {
  const stack = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    charge(1);
    if (x instanceof Closure || x instanceof Builtin)
      runtimeError(`${what} must be data, but it holds a function`, pos);
    if (Array.isArray(x)) for (let i = 0; i < x.length; i++) stack.push(x[i]);
    else if (x instanceof Dict) for (const [, val] of x.entries) stack.push(val);
  }
}
function requireWritable(what, pos) {
  if (rt.frame.readOnly) runtimeError(`${what} is not allowed in a view`, pos);
}
function callContract(target, fname, args2, isTry, pos) {
  const host = rt.host;
  if (rt.callStack.length >= MAX_CALL_DEPTH)
    runtimeError(`contract call depth limit of ${MAX_CALL_DEPTH} exceeded`, pos);
  if (rt.callStack.includes(target.hex))
    runtimeError(
      `reentrancy: contract ${target.hex} is already executing, so it cannot be called again`,
      pos
    );
  const code = host.code(target);
  if (!code) runtimeError(`no contract at ${target.hex}`, pos);
  const fn = code.functions.get(fname.name);
  if (!fn) runtimeError(`contract ${code.name} at ${target.hex} has no function ${fname.name}`, pos);
  if (fn.kind === "private") runtimeError(`function ${fname.name} of ${code.name} is private`, pos);
  if (rt.frame.readOnly && fn.kind !== "view")
    runtimeError(`a view cannot call ${code.name}.${fname.name}, which is not a view`, pos);
  const savedFrame = rt.frame;
  const savedDepth = rt.hostDepth;
  const checkpoint = host.checkpoint();
  const reserve = isTry ? Math.floor(rt.gas / 64) : 0;
  rt.gas -= reserve;
  rt.frame = {
    self: target,
    sender: savedFrame.self,
    contract: code,
    readOnly: savedFrame.readOnly || fn.kind === "view"
  };
  rt.callStack.push(target.hex);
  try {
    enterDepth(CONTRACT_CALL_DEPTH_COST, pos);
    const value = callClosure(fn.closure, args2, pos);
    checkData(value, `the value returned by ${code.name}.${fname.name}`, pos);
    return { ok: true, value, status: 0, message: "" };
  } catch (e) {
    if (!(e instanceof VmError)) throw e;
    host.revertTo(checkpoint);
    const message2 = `${code.name}.${fname.name}: ${e.message}`;
    if (!isTry) throw new VmError(e.status, message2);
    return { ok: false, value: null, status: e.status, message: message2 };
  } finally {
    rt.gas += reserve;
    rt.frame = savedFrame;
    rt.hostDepth = savedDepth;
    rt.callStack.pop();
  }
}

// src/lang/builtins.ts
var SMALL_INTS = Array.from({ length: 65536 }, (_, i) => BigInt(i));
function checkRange(r, pos) {
  if (r >= INT_LIMIT || r <= -INT_LIMIT)
    runtimeError("int overflow: the result leaves the range (−2^256, 2^256)", pos);
  return r;
}
function ints(args2, name, pos) {
  return args2.map((a, i) => expectInt(a, `argument ${i + 1} of ${name}`, pos));
}
function chargeElements(n, per = GAS.perElement) {
  const big = BigInt(n);
  if (big < 0n) return 0;
  if (big * BigInt(per) > BigInt(rt.gas)) outOfGas();
  charge(Number(big) * per);
  return Number(big);
}
function asDictKey(v, what, pos) {
  if (!isDictKey(v))
    runtimeError(`${what} must be an int, string, address, symbol or bool, got ${typeName(v)}`, pos);
  return v;
}
function expectDict(v, what, pos) {
  if (!(v instanceof Dict)) runtimeError(`${what} must be a dict, got ${typeName(v)}`, pos);
  return v;
}
function log2ceil(n) {
  return n <= 1 ? 1 : Math.ceil(Math.log2(n));
}
function makeDict(pairs, pos) {
  const n = pairs.length / 2;
  charge(GAS.collection + GAS.perElement * n * log2ceil(n + 1));
  const entries = [];
  for (let i = 0; i < pairs.length; i += 2)
    entries.push([asDictKey(pairs[i], "a dict key", pos), pairs[i + 1]]);
  entries.sort((a, b) => compareKeys(a[0], b[0]));
  const out = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && compareKeys(last[0], e[0]) === 0) out[out.length - 1] = e;
    else out.push(e);
  }
  return new Dict(out);
}
function printedForStr(v) {
  if (typeof v === "string") {
    charge(GAS.perByte * v.length);
    return v;
  }
  return printValue(v, { meter: (n) => charge(GAS.perByte * n) });
}
function truthy(v) {
  return v !== false && v !== null;
}
function predicate(test) {
  return {
    min: 1,
    max: 1,
    impl: (a) => {
      charge(GAS.arithmetic);
      return test(a[0]);
    }
  };
}
function compare(name, ok) {
  return {
    min: 2,
    max: Infinity,
    impl: (a, pos) => {
      charge(GAS.arithmetic * (a.length - 1));
      const xs = ints(a, name, pos);
      for (let i = 1; i < xs.length; i++) if (!ok(xs[i - 1], xs[i])) return false;
      return true;
    }
  };
}
var BUILTINS = {
  "+": {
    min: 2,
    max: Infinity,
    impl: (a, pos) => {
      charge(GAS.arithmetic * (a.length - 1));
      let r = 0n;
      for (const x of ints(a, "+", pos)) r = checkRange(r + x, pos);
      return r;
    }
  },
  "-": {
    min: 2,
    max: Infinity,
    impl: (a, pos) => {
      charge(GAS.arithmetic * (a.length - 1));
      const xs = ints(a, "-", pos);
      let r = xs[0];
      for (let i = 1; i < xs.length; i++) r = checkRange(r - xs[i], pos);
      return r;
    }
  },
  "*": {
    min: 2,
    max: Infinity,
    impl: (a, pos) => {
      charge(GAS.arithmetic * (a.length - 1));
      let r = 1n;
      for (const x of ints(a, "*", pos)) r = checkRange(r * x, pos);
      return r;
    }
  },
  "/": {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      charge(GAS.arithmetic);
      const [x, y] = ints(a, "/", pos);
      if (y === 0n) runtimeError("division by zero", pos);
      return checkRange(x / y, pos);
    }
  },
  mod: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      charge(GAS.arithmetic);
      const [x, y] = ints(a, "mod", pos);
      if (y === 0n) runtimeError("division by zero in mod", pos);
      return x % y;
    }
  },
  "=": {
    min: 2,
    max: Infinity,
    impl: (a) => {
      charge(GAS.equal);
      for (let i = 1; i < a.length; i++)
        if (!valuesEqual(a[0], a[i], () => charge(GAS.perElement))) return false;
      return true;
    }
  },
  "!=": {
    min: 2,
    max: 2,
    impl: (a) => {
      charge(GAS.equal);
      return !valuesEqual(a[0], a[1], () => charge(GAS.perElement));
    }
  },
  "<": compare("<", (x, y) => x < y),
  "<=": compare("<=", (x, y) => x <= y),
  ">": compare(">", (x, y) => x > y),
  ">=": compare(">=", (x, y) => x >= y),
  not: predicate((v) => !truthy(v)),
  list: {
    min: 0,
    max: Infinity,
    impl: (a) => {
      chargeElements(a.length);
      return a.slice();
    }
  },
  cons: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const l = expectList(a[1], "the second argument of cons", pos);
      chargeElements(l.length + 1);
      return [a[0], ...l];
    }
  },
  first: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      charge(GAS.collection);
      const l = expectList(a[0], "the argument of first", pos);
      return l.length > 0 ? l[0] : null;
    }
  },
  rest: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const l = expectList(a[0], "the argument of rest", pos);
      chargeElements(l.length);
      return l.slice(1);
    }
  },
  nth: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      charge(GAS.collection);
      const l = expectList(a[0], "the first argument of nth", pos);
      const i = expectInt(a[1], "the index of nth", pos);
      if (i < 0n || i >= BigInt(l.length))
        runtimeError(`index ${i} is out of range for a list of ${l.length}`, pos);
      return l[Number(i)];
    }
  },
  len: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      charge(GAS.collection);
      const v = a[0];
      if (Array.isArray(v)) return BigInt(v.length);
      if (v instanceof Dict) return BigInt(v.size);
      if (typeof v === "string") {
        charge(GAS.perByte * Math.ceil(v.length / 32));
        return BigInt(utf8Length(v));
      }
      return runtimeError(`len takes a list, dict or string, got ${typeName(v)}`, pos);
    }
  },
  append: {
    min: 1,
    max: Infinity,
    impl: (a, pos) => {
      const lists = a.map((l, i) => expectList(l, `argument ${i + 1} of append`, pos));
      chargeElements(lists.reduce((n, l) => n + l.length, 0));
      return [].concat(...lists);
    }
  },
  reverse: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const l = expectList(a[0], "the argument of reverse", pos);
      chargeElements(l.length);
      return l.slice().reverse();
    }
  },
  map: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const f = a[0];
      const l = expectList(a[1], "the second argument of map", pos);
      chargeElements(l.length);
      const out = new Array(l.length);
      const { call, done } = caller(f, 1, pos);
      for (let i = 0; i < l.length; i++) out[i] = call(l[i]);
      done();
      return out;
    }
  },
  filter: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const f = a[0];
      const l = expectList(a[1], "the second argument of filter", pos);
      chargeElements(l.length);
      const out = [];
      const { call, done } = caller(f, 1, pos);
      for (const x of l) if (truthy(call(x))) out.push(x);
      done();
      return out;
    }
  },
  fold: {
    min: 3,
    max: 3,
    impl: (a, pos) => {
      const f = a[0];
      const l = expectList(a[2], "the third argument of fold", pos);
      charge(GAS.collection);
      let acc = a[1];
      const { call, done } = caller(f, 2, pos);
      for (let i = 0; i < l.length; i++) acc = call(acc, l[i]);
      done();
      return acc;
    }
  },
  range: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const n = expectInt(a[0], "the argument of range", pos);
      if (n < 0n) runtimeError(`range takes a non-negative int, got ${n}`, pos);
      const count = chargeElements(n);
      const out = new Array(count);
      for (let i = 0; i < count; i++) out[i] = i < SMALL_INTS.length ? SMALL_INTS[i] : BigInt(i);
      return out;
    }
  },
  dict: {
    min: 0,
    max: Infinity,
    impl: (a, pos) => {
      if (a.length % 2 !== 0) runtimeError(`dict takes key/value pairs, got ${a.length} arguments`, pos);
      return makeDict(a, pos);
    }
  },
  get: {
    min: 2,
    max: 3,
    impl: (a, pos) => {
      const d = expectDict(a[0], "the first argument of get", pos);
      charge(GAS.collection + log2ceil(d.size + 1));
      const v = d.get(asDictKey(a[1], "the key of get", pos));
      return v === void 0 ? a[2] ?? null : v;
    }
  },
  assoc: {
    min: 3,
    max: 3,
    impl: (a, pos) => {
      const d = expectDict(a[0], "the first argument of assoc", pos);
      chargeElements(d.size + 1);
      return d.assoc(asDictKey(a[1], "the key of assoc", pos), a[2]);
    }
  },
  dissoc: {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const d = expectDict(a[0], "the first argument of dissoc", pos);
      chargeElements(d.size);
      return d.dissoc(asDictKey(a[1], "the key of dissoc", pos));
    }
  },
  keys: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const d = expectDict(a[0], "the argument of keys", pos);
      chargeElements(d.size);
      return d.entries.map((e) => e[0]);
    }
  },
  vals: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const d = expectDict(a[0], "the argument of vals", pos);
      chargeElements(d.size);
      return d.entries.map((e) => e[1]);
    }
  },
  "has?": {
    min: 2,
    max: 2,
    impl: (a, pos) => {
      const d = expectDict(a[0], "the first argument of has?", pos);
      charge(GAS.collection + log2ceil(d.size + 1));
      return d.get(asDictKey(a[1], "the key of has?", pos)) !== void 0;
    }
  },
  str: {
    min: 0,
    max: Infinity,
    impl: (a) => {
      charge(GAS.collection);
      let out = "";
      for (const v of a) out += printedForStr(v);
      return out;
    }
  },
  keccak256: {
    min: 1,
    max: 1,
    impl: (a, pos) => {
      const v = a[0];
      let bytes;
      if (typeof v === "string") {
        charge(keccakGas(utf8Length(v)));
        bytes = new TextEncoder().encode(v);
      } else if (v instanceof Address) {
        charge(keccakGas(20));
        bytes = hexToBytes(v.hex.slice(2));
      } else return runtimeError(`keccak256 takes a string or an address, got ${typeName(v)}`, pos);
      return BigInt(`0x${bytesToHex(keccak_256(bytes))}`);
    }
  },
  "int?": predicate((v) => typeof v === "bigint"),
  "string?": predicate((v) => typeof v === "string"),
  "address?": predicate((v) => v instanceof Address),
  "list?": predicate((v) => Array.isArray(v)),
  "dict?": predicate((v) => v instanceof Dict),
  "nil?": predicate((v) => v === null),
  "bool?": predicate((v) => typeof v === "boolean"),
  "symbol?": predicate((v) => v instanceof Sym),
  "fn?": predicate((v) => v instanceof Closure || v instanceof Builtin)
};
function hexToBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
function bytesToHex(b) {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}
var builtinValues = /* @__PURE__ */ new Map();
function builtinValue(name) {
  let b = builtinValues.get(name);
  if (b === void 0) {
    const spec = BUILTINS[name];
    if (!spec) return void 0;
    b = new Builtin(name, spec.min, spec.max, (args2) => spec.impl(args2));
    builtinValues.set(name, b);
  }
  return b;
}

// src/lang/address-case.ts
function toChecksumAddress(lowercase) {
  const hex = lowercase.slice(2);
  const hash = keccak_256(utf8ToBytes(hex));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = hash[i >> 1] >> (i % 2 === 0 ? 4 : 0) & 15;
    const ch = hex[i];
    out += nibble >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}
function checksumAddressOk(mixed) {
  return toChecksumAddress(mixed.toLowerCase()) === mixed;
}

// src/lang/reader.ts
var MAX_NESTING = 128;
var INT_RE = /^-?[0-9]+$/;
var ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
var SYMBOL_CHAR = /[A-Za-z0-9+\-*/<>=!?_.%&$^~:#@|]/;
var Reader = class {
  constructor(src) {
    this.src = src;
  }
  src;
  i = 0;
  line = 1;
  col = 1;
  pos() {
    return { line: this.line, col: this.col };
  }
  fail(message2, pos = this.pos()) {
    throw new DataError(message2, pos);
  }
  advance() {
    const c = this.src.charCodeAt(this.i++);
    if (c === 10) {
      this.line++;
      this.col = 1;
    } else if (c < 56320 || c > 57343) {
      this.col++;
    }
  }
  /** Skips whitespace and `;` comments. */
  skip() {
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === " " || c === "\n" || c === "	" || c === "\r") this.advance();
      else if (c === ";") {
        while (this.i < s.length && s[this.i] !== "\n") this.advance();
      } else break;
    }
  }
  atEnd() {
    this.skip();
    return this.i >= this.src.length;
  }
  readForm(depth) {
    this.skip();
    const s = this.src;
    if (this.i >= s.length) this.fail("unexpected end of input, expected an expression");
    const start = this.pos();
    const c = s[this.i];
    if (c === "(") {
      if (depth >= MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels`);
      this.advance();
      const items = [];
      for (; ; ) {
        this.skip();
        if (this.i >= s.length)
          this.fail(
            `unexpected end of input, expected ")" to close the list opened at ${start.line}:${start.col}`
          );
        if (s[this.i] === ")") {
          this.advance();
          return { kind: "list", items, pos: start };
        }
        items.push(this.readForm(depth + 1));
      }
    }
    if (c === ")") this.fail('unexpected ")", expected an expression');
    if (c === "'") {
      if (depth >= MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels`);
      this.advance();
      this.skip();
      if (this.i >= s.length) this.fail("unexpected end of input, expected an expression after '");
      const quoted = this.readForm(depth + 1);
      return { kind: "list", items: [{ kind: "symbol", name: "quote", pos: start }, quoted], pos: start };
    }
    if (c === '"') return this.readString(start);
    return this.readAtom(start);
  }
  readString(start) {
    const s = this.src;
    this.advance();
    let out = "";
    let runStart = this.i;
    for (; ; ) {
      if (this.i >= s.length) this.fail(`unterminated string, expected a closing '"'`, start);
      const c = s[this.i];
      if (c === '"') {
        out += s.slice(runStart, this.i);
        this.advance();
        return { kind: "string", value: out, pos: start };
      }
      if (c === "\\") {
        out += s.slice(runStart, this.i);
        const escPos = this.pos();
        this.advance();
        const e = s[this.i];
        if (e === '"') out += '"';
        else if (e === "\\") out += "\\";
        else if (e === "n") out += "\n";
        else if (e === "t") out += "	";
        else this.fail(`unknown escape "\\${e ?? ""}" in string, expected one of \\" \\\\ \\n \\t`, escPos);
        this.advance();
        runStart = this.i;
        continue;
      }
      this.advance();
    }
  }
  readAtom(start) {
    const s = this.src;
    const from = this.i;
    while (this.i < s.length) {
      const c = s[this.i];
      if (!SYMBOL_CHAR.test(c)) break;
      this.advance();
    }
    if (this.i === from) {
      const cp = s.codePointAt(this.i);
      this.fail(`unexpected character ${JSON.stringify(String.fromCodePoint(cp))}, expected an expression`);
    }
    if (this.i < s.length) {
      const c = s[this.i];
      const delimiter = c === "(" || c === ")" || c === '"' || c === ";" || c === "'" || c === " " || c === "\n" || c === "	" || c === "\r";
      if (!delimiter) {
        const cp = s.codePointAt(this.i);
        this.fail(`unexpected character ${JSON.stringify(String.fromCodePoint(cp))} in a name or number`);
      }
    }
    const token = s.slice(from, this.i);
    if (INT_RE.test(token)) {
      const digits = token.startsWith("-") ? token.length - 1 : token.length;
      const value = digits > 80 ? INT_LIMIT : BigInt(token);
      if (value >= INT_LIMIT || value <= -INT_LIMIT)
        this.fail(
          `integer ${abbreviate(token)} is out of range: its absolute value must be below 2^256`,
          start
        );
      return { kind: "int", value, pos: start };
    }
    if (/^-?[0-9]/.test(token)) {
      if (token.startsWith("0x") || token.startsWith("0X")) {
        if (!ADDRESS_RE.test(token))
          this.fail(`malformed address ${abbreviate(token)}: expected 0x followed by 40 hex digits`, start);
        if (token !== token.toLowerCase() && !checksumAddressOk(token))
          this.fail(
            `address ${token} has mixed case but a wrong EIP-55 checksum; write it in lowercase or with the right checksum`,
            start
          );
        return { kind: "address", value: new Address(token.toLowerCase()), pos: start };
      }
      this.fail(
        `malformed number ${abbreviate(token)}: expected decimal digits with an optional leading "-"`,
        start
      );
    }
    if (token === "true") return { kind: "bool", value: true, pos: start };
    if (token === "false") return { kind: "bool", value: false, pos: start };
    if (token === "nil") return { kind: "nil", pos: start };
    return { kind: "symbol", name: token, pos: start };
  }
};
function abbreviate(token) {
  return token.length > 24 ? `${token.slice(0, 20)}…` : token;
}
function readAll(src) {
  const r = new Reader(src);
  const forms = [];
  while (!r.atEnd()) forms.push(r.readForm(0));
  return forms;
}
function readOne(src) {
  const forms = readAll(src);
  if (forms.length === 0) throw new DataError("empty program, expected one expression", { line: 1, col: 1 });
  if (forms.length > 1)
    throw new DataError(
      "more than one expression, expected exactly one (wrap several in (do …))",
      forms[1].pos
    );
  return forms[0];
}

// src/lang/contract.ts
var KINDS = { defn: "public", "defn-": "private", defview: "view" };
function compileContract(form) {
  if (form.kind !== "list" || form.items[0]?.kind !== "symbol" || form.items[0].name !== "contract")
    throw new DataError("expected a contract: (contract Name …)", form.pos);
  const name = expectSymbol(form.items[1], "the contract's name after contract", form.pos);
  const info = { name, vars: /* @__PURE__ */ new Set(), maps: /* @__PURE__ */ new Set(), fns: /* @__PURE__ */ new Map(), table: [] };
  const declared = /* @__PURE__ */ new Set();
  const fnForms = [];
  const varForms = [];
  for (const f of form.items.slice(2)) {
    if (f.kind !== "list" || f.items[0]?.kind !== "symbol")
      throw new DataError("a contract holds only defvar, defmap, defn, defn- and defview forms", f.pos);
    const head = f.items[0].name;
    if (head !== "defvar" && head !== "defmap" && !(head in KINDS))
      throw new DataError(
        `${head} is not allowed in a contract: use defvar, defmap, defn, defn- or defview`,
        f.pos
      );
    const n = expectSymbol(f.items[1], `a name after ${head}`, f.pos);
    if (declared.has(n)) throw new DataError(`${n} is declared twice in contract ${name}`, f.items[1].pos);
    if (SPECIAL_FORMS.has(n))
      throw new DataError(`${n} is a special form and cannot be declared`, f.items[1].pos);
    declared.add(n);
    if (head === "defvar") {
      if (f.items.length !== 3)
        throw new DataError(`defvar takes a name and an initial value: (defvar ${n} 0)`, f.pos);
      info.vars.add(n);
      varForms.push({ name: n, init: f.items[2], form: f });
    } else if (head === "defmap") {
      if (f.items.length !== 2) throw new DataError(`defmap takes only a name: (defmap ${n})`, f.pos);
      info.maps.add(n);
    } else if (head in KINDS) {
      if (f.items.length < 4)
        throw new DataError(`${head} takes a name, parameters and a body: (${head} ${n} (a b) body…)`, f.pos);
      const ps = f.items[2];
      if (ps.kind !== "list") throw new DataError(`expected the parameter list of ${n}`, ps.pos);
      info.fns.set(n, { index: fnForms.length, arity: ps.items.length });
      fnForms.push({ name: n, kind: KINDS[head], form: f });
    } else {
      throw new DataError(
        `${head} is not allowed in a contract: use defvar, defmap, defn, defn- or defview`,
        f.pos
      );
    }
  }
  const functions = /* @__PURE__ */ new Map();
  for (const { name: fname, kind, form: f } of fnForms) {
    const ps = f.items[2].items.map((p) => ({
      name: expectSymbol(p, "a parameter name", p.pos),
      pos: p.pos
    }));
    const seen = /* @__PURE__ */ new Set();
    for (const p of ps) {
      if (seen.has(p.name)) throw new DataError(`parameter ${p.name} appears twice`, p.pos);
      seen.add(p.name);
    }
    const { template } = compileFunction(`${name}.${fname}`, ps, f.items.slice(3), null, info, f.pos);
    const closure = new Closure(template, []);
    info.table.push(closure);
    functions.set(fname, { kind, params: ps.map((p) => p.name), closure });
  }
  const vars = varForms.map((v) => ({
    name: v.name,
    init: new Closure(
      compileFunction(`${name}.${v.name}`, [], [v.init], null, info, v.form.pos).template,
      []
    )
  }));
  return { name, source: printForm(form), vars, maps: info.maps, functions };
}

// src/lang/host.ts
var SYSTEM_TOKEN = new Address("0x0000000000000000000000000000000000005eed");
var MemoryHost = class {
  constructor(origin = new Address(`0x${"00".repeat(19)}01`), blockNumber = 0n, blockTime = 0n, chainId = 0n) {
    this.origin = origin;
    this.blockNumber = blockNumber;
    this.blockTime = blockTime;
    this.chainId = chainId;
  }
  origin;
  blockNumber;
  blockTime;
  chainId;
  balances = /* @__PURE__ */ new Map();
  contracts = /* @__PURE__ */ new Map();
  storage = /* @__PURE__ */ new Map();
  logs = [];
  deployCounts = /* @__PURE__ */ new Map();
  supply = 0n;
  journal = [];
  code(address) {
    return this.contracts.get(address.hex);
  }
  storageGet(contract, key) {
    return this.storage.get(contract.hex)?.get(key);
  }
  storageSet(contract, key, value) {
    let slots = this.storage.get(contract.hex);
    if (!slots) this.storage.set(contract.hex, slots = /* @__PURE__ */ new Map());
    const before = slots.get(key);
    const s = slots;
    this.journal.push(() => before === void 0 ? s.delete(key) : s.set(key, before));
    if (value === void 0) slots.delete(key);
    else slots.set(key, value);
  }
  balance(address) {
    return this.balances.get(address.hex) ?? 0n;
  }
  setBalance(hex, amount) {
    const before = this.balances.get(hex);
    this.journal.push(
      () => before === void 0 ? this.balances.delete(hex) : this.balances.set(hex, before)
    );
    this.balances.set(hex, amount);
  }
  transfer(from, to, amount) {
    const have = this.balance(from);
    if (have < amount) return false;
    this.setBalance(from.hex, have - amount);
    this.setBalance(to.hex, this.balance(to) + amount);
    return true;
  }
  nextContractAddress(deployer) {
    const n = this.deployCounts.get(deployer.hex) ?? 0n;
    this.journal.push(() => this.deployCounts.set(deployer.hex, n));
    this.deployCounts.set(deployer.hex, n + 1n);
    const tail = (BigInt(`0x${deployer.hex.slice(-16)}`) * 1000003n + n + 1n) % (1n << 64n);
    return new Address(`0x${"c0".repeat(12)}${tail.toString(16).padStart(16, "0")}`);
  }
  createContract(address, contract) {
    this.journal.push(() => this.contracts.delete(address.hex));
    this.contracts.set(address.hex, contract);
  }
  emit(log) {
    this.journal.push(() => this.logs.pop());
    this.logs.push(log);
  }
  mint(to, amount) {
    const before = this.supply;
    this.journal.push(() => {
      this.supply = before;
    });
    this.supply += amount;
    this.setBalance(to.hex, this.balance(to) + amount);
  }
  totalSupply() {
    return this.supply;
  }
  checkpoint() {
    return this.journal.length;
  }
  revertTo(checkpoint) {
    while (this.journal.length > checkpoint) this.journal.pop()();
  }
};

// src/lang/effects.ts
var EFFECT_FORMS = /* @__PURE__ */ new Set([
  "emit",
  "abort",
  "assert",
  "call",
  "try-call",
  "transfer",
  "balance",
  "system-mint",
  "system-move",
  "system-supply"
]);
function posIn(form, ctx) {
  return { line: form.pos.line, col: form.pos.col, fn: ctx.scope.name };
}
function storedOf(v, what, pos, perByte) {
  checkData(v, what, pos);
  try {
    const printed = printValue(v, { maxDepth: MAX_NESTING, meter: (n) => charge(perByte * n) });
    return { value: v, printed };
  } catch (e) {
    if (e instanceof TooDeep)
      runtimeError(`${what} is nested deeper than ${MAX_NESTING} levels and cannot be stored`, pos);
    throw e;
  }
}
function readSlot(key) {
  const s = rt.host.storageGet(rt.frame.self, key);
  charge(GAS.storageRead + GAS.storageReadByte * (utf8Length(key) + (s ? utf8Length(s.printed) : 0)));
  return s ? s.value : null;
}
function writeSlot(key, v, what, pos) {
  requireWritable(`writing ${what}`, pos);
  const stored = storedOf(v, what, pos, 0);
  const exists = rt.host.storageGet(rt.frame.self, key) !== void 0;
  charge(
    (exists ? GAS.storageWrite : GAS.storageCreate) + GAS.storageWriteByte * (utf8Length(key) + utf8Length(stored.printed))
  );
  rt.host.storageSet(rt.frame.self, key, stored);
}
function mapKey(map, key, pos) {
  return `(${map} ${storedOf(key, `a key of map ${map}`, pos, GAS.perByte).printed})`;
}
function contractVarRead(name, _pos) {
  return () => readSlot(name);
}
function message(v) {
  return typeof v === "string" ? v : printValue(v, { meter: (n) => charge(GAS.perByte * n) });
}
function requireSystem(name, pos) {
  if (rt.frame.self.hex !== SYSTEM_TOKEN.hex)
    runtimeError(`${name} is reserved to the SneedToken system contract at ${SYSTEM_TOKEN.hex}`, pos);
}
function args(form, from, ctx) {
  return form.items.slice(from).map((a) => compile(a, ctx));
}
function compileEffect(head, form, ctx) {
  const items = form.items;
  const pos = posIn(form, ctx);
  const contract = ctx.scope.contract;
  switch (head) {
    case "set!": {
      arity(items, 2, 2, "set!", form.pos);
      const name = expectSymbol(items[1], "a variable name after set!", form.pos);
      if (!contract?.vars.has(name) || ctx.scope.lookup(name) !== void 0)
        throw new DataError(
          `set! needs a contract variable declared with (defvar ${name} …), and ${name} is not one`,
          items[1].pos
        );
      const value = compile(items[2], ctx);
      return (fr) => {
        const v = value(fr);
        writeSlot(name, v, `variable ${name}`, pos);
        return v;
      };
    }
    case "get":
    case "has?": {
      arity(items, head === "get" ? 2 : 2, head === "get" ? 3 : 2, head, form.pos);
      const map = items[1].name;
      const [key, dflt] = args(form, 2, ctx);
      const isGet = head === "get";
      return (fr) => {
        const k = mapKey(map, key(fr), pos);
        const s = rt.host.storageGet(rt.frame.self, k);
        charge(
          GAS.storageRead + GAS.storageReadByte * (utf8Length(k) + (s && isGet ? utf8Length(s.printed) : 0))
        );
        if (!isGet) return s !== void 0;
        return s ? s.value : dflt ? dflt(fr) : null;
      };
    }
    case "put!":
    case "del!": {
      const isPut = head === "put!";
      arity(items, isPut ? 3 : 2, isPut ? 3 : 2, head, form.pos);
      const map = expectSymbol(items[1], `a map name after ${head}`, form.pos);
      if (!contract?.maps.has(map) || ctx.scope.lookup(map) !== void 0)
        throw new DataError(
          `${head} needs a contract map declared with (defmap ${map}), and ${map} is not one`,
          items[1].pos
        );
      const [key, value] = args(form, 2, ctx);
      if (isPut)
        return (fr) => {
          const k = mapKey(map, key(fr), pos);
          const v = value(fr);
          writeSlot(k, v, `an entry of map ${map}`, pos);
          return v;
        };
      return (fr) => {
        requireWritable(`deleting from map ${map}`, pos);
        const k = mapKey(map, key(fr), pos);
        charge(GAS.storageDelete);
        const existed = rt.host.storageGet(rt.frame.self, k) !== void 0;
        if (existed) rt.host.storageSet(rt.frame.self, k, void 0);
        return existed;
      };
    }
    case "emit": {
      if (items.length < 2)
        throw new DataError(
          "emit takes an event name and arguments: (emit Transfer from to amount)",
          form.pos
        );
      const nameForm = items[1];
      const quoted = nameForm.kind === "list" && nameForm.items.length === 2 && nameForm.items[0].kind === "symbol" && nameForm.items[0].name === "quote";
      const event = expectSymbol(
        quoted ? nameForm.items[1] : nameForm,
        "an event name",
        form.pos
      );
      const values = args(form, 2, ctx);
      return (fr) => {
        requireWritable("emit", pos);
        const vals = values.map((v) => v(fr));
        charge(GAS.event);
        const printed = vals.map(
          (v, i) => storedOf(v, `argument ${i + 1} of event ${event}`, pos, GAS.eventByte).printed
        );
        rt.host.emit({ address: rt.frame.self.hex, event, args: printed });
        return null;
      };
    }
    case "abort": {
      arity(items, 1, 1, "abort", form.pos);
      const [msg] = args(form, 1, ctx);
      return (fr) => abort(message(msg(fr)) + where(pos));
    }
    case "assert": {
      arity(items, 1, 2, "assert", form.pos);
      const [cond, msg] = args(form, 1, ctx);
      return (fr) => {
        charge(GAS.control);
        const c = cond(fr);
        if (c !== false && c !== null) return true;
        return abort((msg ? message(msg(fr)) : "assertion failed") + where(pos));
      };
    }
    case "call":
    case "try-call": {
      if (items.length < 3)
        throw new DataError(
          `${head} takes an address, a function name and arguments: (${head} 0x… 'transfer to 5)`,
          form.pos
        );
      const target = compile(items[1], ctx);
      const fname = compile(items[2], ctx);
      const callArgs = args(form, 3, ctx);
      const isTry = head === "try-call";
      return (fr) => {
        const addr = expectAddress(target(fr), `the target of ${head}`, pos);
        const f = fname(fr);
        if (!(f instanceof Sym))
          runtimeError(`the function name of ${head} must be a symbol like 'transfer`, pos);
        const vals = callArgs.map((a) => a(fr));
        charge(GAS.contractCall);
        for (let i = 0; i < vals.length; i++) checkData(vals[i], `argument ${i + 1} of ${head}`, pos);
        const out = callContract(addr, f, vals, isTry, pos);
        if (!isTry) return out.value;
        return out.ok ? [OK, out.value] : [ERR, out.message];
      };
    }
    case "transfer": {
      arity(items, 2, 2, "transfer", form.pos);
      const [to, amount] = args(form, 1, ctx);
      return (fr) => {
        const dest = expectAddress(to(fr), "the recipient of transfer", pos);
        const n = expectInt(amount(fr), "the amount of transfer", pos);
        requireWritable("transfer", pos);
        if (n < 0n) runtimeError(`transfer amount must not be negative, got ${n}`, pos);
        charge(GAS.transfer);
        const from = rt.frame.self;
        if (!rt.host.transfer(from, dest, n))
          abort(
            `insufficient balance: ${from.hex} has ${rt.host.balance(from)} sneed, transfer needs ${n}${where(pos)}`
          );
        return true;
      };
    }
    case "balance": {
      arity(items, 1, 1, "balance", form.pos);
      const [who] = args(form, 1, ctx);
      return (fr) => {
        const a = expectAddress(who(fr), "the argument of balance", pos);
        charge(GAS.balance);
        return rt.host.balance(a);
      };
    }
    case "system-mint": {
      arity(items, 2, 2, head, form.pos);
      const [to, amount] = args(form, 1, ctx);
      return (fr) => {
        requireSystem(head, pos);
        requireWritable(head, pos);
        const dest = expectAddress(to(fr), "the recipient of system-mint", pos);
        const n = expectInt(amount(fr), "the amount of system-mint", pos);
        if (n < 0n) runtimeError(`mint amount must not be negative, got ${n}`, pos);
        charge(GAS.transfer);
        if (rt.host.totalSupply() + n >= 1n << 256n)
          runtimeError("int overflow: total supply would reach 2^256", pos);
        rt.host.mint(dest, n);
        return true;
      };
    }
    case "system-move": {
      arity(items, 3, 3, head, form.pos);
      const [from, to, amount] = args(form, 1, ctx);
      return (fr) => {
        requireSystem(head, pos);
        requireWritable(head, pos);
        const src = expectAddress(from(fr), "the sender of system-move", pos);
        const dest = expectAddress(to(fr), "the recipient of system-move", pos);
        const n = expectInt(amount(fr), "the amount of system-move", pos);
        if (n < 0n) runtimeError(`amount must not be negative, got ${n}`, pos);
        charge(GAS.transfer);
        return rt.host.transfer(src, dest, n);
      };
    }
    case "system-supply": {
      arity(items, 0, 0, head, form.pos);
      return () => {
        requireSystem(head, pos);
        charge(GAS.balance);
        return rt.host.totalSupply();
      };
    }
    case "deploy": {
      arity(items, 1, 1, "deploy", form.pos);
      const c = items[1];
      if (c.kind !== "list" || c.items[0]?.kind !== "symbol" || c.items[0].name !== "contract")
        throw new DataError("deploy takes a contract: (deploy (contract Name …))", c.pos);
      const contract2 = compileContract(c);
      const codeBytes = utf8Length(contract2.source);
      return () => {
        requireWritable("deploy", pos);
        charge(GAS.deploy + GAS.deployByte * codeBytes);
        return deployContract(contract2, pos);
      };
    }
  }
  throw new DataError(`unknown form ${head}`, form.pos);
}
function deployContract(contract, pos) {
  const host = rt.host;
  if (rt.callStack.length >= 32) runtimeError("contract call depth limit of 32 exceeded by deploy", pos);
  const checkpoint = host.checkpoint();
  const address = host.nextContractAddress(rt.frame.self);
  const savedFrame = rt.frame;
  const savedDepth = rt.hostDepth;
  host.createContract(address, contract);
  rt.frame = { self: address, sender: savedFrame.self, contract, readOnly: false };
  rt.callStack.push(address.hex);
  try {
    enterDepth(CONTRACT_CALL_DEPTH_COST, pos);
    for (const v of contract.vars) writeSlot(v.name, callClosure(v.init, [], pos), `variable ${v.name}`, pos);
    return address;
  } catch (e) {
    host.revertTo(checkpoint);
    if (e instanceof VmError) throw new VmError(e.status, `deploying ${contract.name}: ${e.message}`);
    throw e;
  } finally {
    rt.frame = savedFrame;
    rt.hostDepth = savedDepth;
    rt.callStack.pop();
  }
}

// src/lang/compile.ts
var RECUR = Object.freeze({ recur: true });
var SPECIAL_FORMS = /* @__PURE__ */ new Set([
  "quote",
  "if",
  "cond",
  "do",
  "let",
  "fn",
  "loop",
  "recur",
  "and",
  "or",
  "else",
  "set!",
  "put!",
  "del!",
  "deploy",
  "contract",
  "defvar",
  "defmap",
  "defn",
  "defn-",
  "defview"
]);
var CONTEXT_NAMES = /* @__PURE__ */ new Set([
  "sender",
  "origin",
  "self",
  "block-number",
  "block-time",
  "chain-id",
  "gas-left"
]);
var Scope = class {
  constructor(name, parent, contract) {
    this.name = name;
    this.parent = parent;
    this.contract = contract;
  }
  name;
  parent;
  contract;
  blocks = [/* @__PURE__ */ new Map()];
  nextSlot = 0;
  depth = 0;
  maxDepth = 0;
  lookup(name) {
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const slot = this.blocks[i].get(name);
      if (slot !== void 0) return slot;
    }
    return void 0;
  }
  /** Is `name` a local here or in an enclosing function (so a nested fn must capture it)? */
  visible(name) {
    return this.lookup(name) !== void 0 || (this.parent?.visible(name) ?? false);
  }
  bind(name, pos) {
    if (SPECIAL_FORMS.has(name)) throw new DataError(`cannot bind ${name}: it is a special form`, pos);
    const slot = this.nextSlot++;
    this.blocks[this.blocks.length - 1].set(name, slot);
    return slot;
  }
  push() {
    this.blocks.push(/* @__PURE__ */ new Map());
  }
  pop() {
    this.blocks.pop();
  }
};
var nonTail = (ctx) => ctx.tail ? { ...ctx, tail: false } : ctx;
function at(pos, scope) {
  return { line: pos.line, col: pos.col, fn: scope.name };
}
function isMapName(f, scope) {
  return f?.kind === "symbol" && scope.lookup(f.name) === void 0 && (scope.contract?.maps.has(f.name) ?? false);
}
function symbolName(f) {
  return f?.kind === "symbol" ? f.name : void 0;
}
function expectSymbol(f, what, pos) {
  if (f?.kind !== "symbol") throw new DataError(`expected ${what} (a name)`, f?.pos ?? pos);
  return f.name;
}
function arity(items, min, max, name, pos) {
  const n = items.length - 1;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new DataError(`${name} takes ${want} argument${want === "1" ? "" : "s"}, got ${n}`, pos);
  }
}
function formToValue(f) {
  switch (f.kind) {
    case "int":
    case "string":
    case "bool":
      return f.value;
    case "address":
      return f.value;
    case "nil":
      return null;
    case "symbol":
      return Sym.of(f.name);
    case "list":
      return f.items.map(formToValue);
  }
}
function truthy2(v) {
  return v !== false && v !== null;
}
function compile(form, ctx) {
  const scope = ctx.scope;
  if (++scope.depth > scope.maxDepth) scope.maxDepth = scope.depth;
  try {
    return compileForm(form, ctx);
  } finally {
    scope.depth--;
  }
}
function compileBody(forms, ctx, pos) {
  if (forms.length === 0) throw new DataError("expected at least one expression in the body", pos);
  const nodes = forms.map((f, i) => compile(f, i === forms.length - 1 ? ctx : nonTail(ctx)));
  if (nodes.length === 1) return nodes[0];
  const cost = GAS.control * (nodes.length - 1);
  return (fr) => {
    charge(cost);
    const last = nodes.length - 1;
    for (let i = 0; i < last; i++) nodes[i](fr);
    return nodes[last](fr);
  };
}
function compileForm(form, ctx) {
  switch (form.kind) {
    case "int":
    case "string":
    case "bool":
    case "address": {
      const v = form.value;
      return () => v;
    }
    case "nil":
      return () => null;
    case "symbol":
      return compileSymbol(form.name, form.pos, ctx);
    case "list":
      return compileList(form, ctx);
  }
}
function compileSymbol(name, pos, ctx) {
  const scope = ctx.scope;
  const slot = scope.lookup(name);
  if (slot !== void 0) return (fr) => fr[slot];
  const contract = scope.contract;
  if (contract) {
    if (contract.vars.has(name)) return contractVarRead(name, at(pos, scope));
    const fn = contract.fns.get(name);
    if (fn) return () => contract.table[fn.index];
    if (contract.maps.has(name))
      throw new DataError(`map ${name} is not a value: use it with get, put!, del! or has?`, pos);
  }
  if (CONTEXT_NAMES.has(name)) return compileContext(name);
  const b = builtinValue(name);
  if (b) return () => b;
  if (SPECIAL_FORMS.has(name) || EFFECT_FORMS.has(name))
    throw new DataError(`${name} is a special form and cannot be used as a value`, pos);
  const where2 = at(pos, scope);
  return () => runtimeError(`unknown name ${name}`, where2);
}
function compileContext(name) {
  switch (name) {
    case "sender":
      return () => (charge(GAS.context), rt.frame.sender);
    case "origin":
      return () => (charge(GAS.context), rt.host.origin);
    case "self":
      return () => (charge(GAS.context), rt.frame.self);
    case "block-number":
      return () => (charge(GAS.context), rt.host.blockNumber);
    case "block-time":
      return () => (charge(GAS.context), rt.host.blockTime);
    case "chain-id":
      return () => (charge(GAS.context), rt.host.chainId);
    default:
      return () => (charge(GAS.context), BigInt(rt.gas));
  }
}
function compileList(form, ctx) {
  const items = form.items;
  const pos = form.pos;
  if (items.length === 0) return () => [];
  const head = symbolName(items[0]);
  const scope = ctx.scope;
  if (head !== void 0 && scope.lookup(head) === void 0) {
    if (SPECIAL_FORMS.has(head)) return compileSpecial(head, form, ctx);
    if ((head === "get" || head === "has?") && isMapName(items[1], scope))
      return compileEffect(head, form, nonTail(ctx));
    const contractFn = scope.contract?.fns.get(head);
    if (contractFn) return compileContractFnCall(contractFn, head, form, ctx);
    if (scope.contract?.maps.has(head))
      throw new DataError(`map ${head} cannot be called: use (get ${head} key default)`, pos);
    if (EFFECT_FORMS.has(head)) return compileEffect(head, form, nonTail(ctx));
    const spec = BUILTINS[head];
    if (spec) {
      arity(items, spec.min, spec.max, head, pos);
      return compileBuiltinCall(head, items.slice(1), nonTail(ctx), at(pos, scope));
    }
  }
  const fnNode = compile(items[0], nonTail(ctx));
  const args2 = items.slice(1).map((a) => compile(a, nonTail(ctx)));
  const where2 = at(pos, scope);
  if (args2.length === 1) {
    const a0 = args2[0];
    return (fr) => applyValue(fnNode(fr), [a0(fr)], where2);
  }
  if (args2.length === 2) {
    const a0 = args2[0];
    const a1 = args2[1];
    return (fr) => applyValue(fnNode(fr), [a0(fr), a1(fr)], where2);
  }
  return (fr) => {
    const f = fnNode(fr);
    const vals = args2.map((a) => a(fr));
    return applyValue(f, vals, where2);
  };
}
function compileContractFnCall(fn, name, form, ctx) {
  arity(form.items, fn.arity, fn.arity, name, form.pos);
  const table = ctx.scope.contract.table;
  const args2 = form.items.slice(1).map((a) => compile(a, nonTail(ctx)));
  const where2 = at(form.pos, ctx.scope);
  return (fr) => callClosure(
    table[fn.index],
    args2.map((a) => a(fr)),
    where2
  );
}
var NEG_LIMIT = -INT_LIMIT;
function typeFail(op, x, y, pos) {
  const first = typeof x !== "bigint";
  return runtimeError(
    `argument ${first ? 1 : 2} of ${op} must be an int, got ${typeName(first ? x : y)}`,
    pos
  );
}
function operand(form, ctx) {
  const node = compile(form, ctx);
  if (form.kind === "int") return { node, konst: form.value };
  if (form.kind === "symbol") {
    const slot = ctx.scope.lookup(form.name);
    if (slot !== void 0) return { node, slot };
  }
  return { node };
}
function compileBinary(op, l, r, pos, prepaid = false) {
  const c = prepaid ? 0 : GAS.arithmetic;
  const a = l.node;
  const b = r.node;
  const fail = (x, y) => typeFail(op, x, y, pos);
  switch (op) {
    case "+":
      if (l.slot !== void 0 && r.konst !== void 0) {
        const s = l.slot;
        const k = r.konst;
        const nonNegative = k >= 0n;
        return (fr) => {
          charge(c);
          const x = fr[s];
          if (typeof x !== "bigint") return fail(x, k);
          const v = x + k;
          return (nonNegative ? v >= INT_LIMIT : v <= NEG_LIMIT) ? checkRange(v, pos) : v;
        };
      }
      if (l.slot !== void 0 && r.slot !== void 0) {
        const s = l.slot;
        const t = r.slot;
        return (fr) => {
          charge(c);
          const x = fr[s];
          const y = fr[t];
          if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
          const v = x + y;
          return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
        };
      }
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
        const v = x + y;
        return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
      };
    case "-":
      if (l.slot !== void 0 && r.konst !== void 0) {
        const s = l.slot;
        const k = r.konst;
        return (fr) => {
          charge(c);
          const x = fr[s];
          if (typeof x !== "bigint") return fail(x, k);
          const v = x - k;
          return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
        };
      }
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
        const v = x - y;
        return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
      };
    case "*":
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
        const v = x * y;
        return v >= INT_LIMIT || v <= NEG_LIMIT ? checkRange(v, pos) : v;
      };
  }
  if (l.slot !== void 0 && r.konst !== void 0) {
    const s = l.slot;
    const k = r.konst;
    const cmp = COMPARE[op];
    switch (op) {
      case "<":
        return (fr) => {
          charge(c);
          const x = fr[s];
          return typeof x === "bigint" ? x < k : fail(x, k);
        };
      case "<=":
        return (fr) => {
          charge(c);
          const x = fr[s];
          return typeof x === "bigint" ? x <= k : fail(x, k);
        };
      default:
        return (fr) => {
          charge(c);
          const x = fr[s];
          return typeof x === "bigint" ? cmp(x, k) : fail(x, k);
        };
    }
  }
  switch (op) {
    case "<":
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        return typeof x === "bigint" && typeof y === "bigint" ? x < y : fail(x, y);
      };
    case ">":
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        return typeof x === "bigint" && typeof y === "bigint" ? x > y : fail(x, y);
      };
    default: {
      const cmp = COMPARE[op];
      return (fr) => {
        charge(c);
        const x = a(fr);
        const y = b(fr);
        return typeof x === "bigint" && typeof y === "bigint" ? cmp(x, y) : fail(x, y);
      };
    }
  }
}
var COMPARE = {
  "<": (x, y) => x < y,
  "<=": (x, y) => x <= y,
  ">": (x, y) => x > y,
  ">=": (x, y) => x >= y
};
function simpleBinary(form, ctx) {
  if (form.kind !== "list" || form.items.length !== 3) return void 0;
  const op = symbolName(form.items[0]);
  if (op === void 0 || !BINARY_OPS.has(op) || ctx.scope.lookup(op) !== void 0 || ctx.scope.contract?.fns.has(op))
    return void 0;
  const [x, y] = [form.items[1], form.items[2]];
  const leaf = (f) => f.kind === "int" || f.kind === "symbol" && ctx.scope.lookup(f.name) !== void 0;
  if (!leaf(x) || !leaf(y)) return void 0;
  const scope = ctx.scope;
  if (++scope.depth > scope.maxDepth) scope.maxDepth = scope.depth;
  const node = compileBinary(
    op,
    operand(x, nonTail(ctx)),
    operand(y, nonTail(ctx)),
    at(form.pos, scope),
    true
  );
  scope.depth--;
  return node;
}
var BINARY_OPS = /* @__PURE__ */ new Set(["+", "-", "*", "<", "<=", ">", ">="]);
function compileBuiltinCall(name, argForms, ctx, pos) {
  if (argForms.length === 2 && BINARY_OPS.has(name))
    return compileBinary(name, operand(argForms[0], ctx), operand(argForms[1], ctx), pos);
  const args2 = argForms.map((a) => compile(a, ctx));
  const impl = BUILTINS[name].impl;
  if (args2.length === 1) {
    const a = args2[0];
    return (fr) => impl([a(fr)], pos);
  }
  if (args2.length === 2) {
    const a = args2[0];
    const b = args2[1];
    return (fr) => impl([a(fr), b(fr)], pos);
  }
  return (fr) => impl(
    args2.map((a) => a(fr)),
    pos
  );
}
function compileSpecial(head, form, ctx) {
  const items = form.items;
  const pos = form.pos;
  const scope = ctx.scope;
  switch (head) {
    case "quote": {
      arity(items, 1, 1, "quote", pos);
      const v = formToValue(items[1]);
      return () => v;
    }
    case "if": {
      arity(items, 2, 3, "if", pos);
      const fused = compileCompareIf(items, ctx);
      if (fused) return fused;
      const test = compile(items[1], nonTail(ctx));
      const then = compile(items[2], ctx);
      const otherwise = items[3] ? compile(items[3], ctx) : () => null;
      return (fr) => {
        charge(GAS.control);
        const t = test(fr);
        return t !== false && t !== null ? then(fr) : otherwise(fr);
      };
    }
    case "cond": {
      const clauses = [];
      for (let i = 1; i < items.length; i++) {
        const c = items[i];
        if (c.kind !== "list" || c.items.length < 2)
          throw new DataError("each cond clause must be (test body…) or (else body…)", c.pos);
        const isElse = symbolName(c.items[0]) === "else";
        if (isElse && i !== items.length - 1) throw new DataError("else must be the last cond clause", c.pos);
        clauses.push({
          test: isElse ? null : compile(c.items[0], nonTail(ctx)),
          body: compileBody(c.items.slice(1), ctx, c.pos)
        });
      }
      return (fr) => {
        for (const c of clauses) {
          charge(GAS.control);
          if (c.test === null || truthy2(c.test(fr))) return c.body(fr);
        }
        return null;
      };
    }
    case "do":
      if (items.length === 1) return () => null;
      return compileBody(items.slice(1), ctx, pos);
    case "and":
    case "or": {
      const parts = items.slice(1).map((f) => compile(f, nonTail(ctx)));
      const isAnd = head === "and";
      return (fr) => {
        let v = isAnd;
        for (const p of parts) {
          charge(GAS.control);
          v = p(fr);
          if (truthy2(v) !== isAnd) return v;
        }
        return v;
      };
    }
    case "let":
      return compileLet(form, ctx);
    case "fn":
      return compileFn(form, ctx, "fn");
    case "loop":
      return compileLoop(form, ctx);
    case "recur":
      return compileRecur(form, ctx);
    case "deploy":
      return compileEffect(head, form, nonTail(ctx));
    case "set!":
    case "put!":
    case "del!":
      return compileEffect(head, form, nonTail(ctx));
    case "contract":
      throw new DataError("a contract is deployed with (deploy (contract …))", pos);
    default:
      throw new DataError(`${head} may only appear at the top level of a contract`, at(pos, scope));
  }
}
function compileCompareIf(items, ctx) {
  const test = items[1];
  if (test.kind !== "list" || test.items.length !== 3) return void 0;
  const op = symbolName(test.items[0]);
  if (op !== "<" && op !== "<=" && op !== ">" && op !== ">=" || ctx.scope.lookup(op) !== void 0)
    return void 0;
  if (ctx.scope.contract?.fns.has(op)) return void 0;
  const scope = ctx.scope;
  scope.depth++;
  const l = operand(test.items[1], nonTail(ctx));
  const r = operand(test.items[2], nonTail(ctx));
  scope.depth--;
  if (l.slot === void 0 || r.slot === void 0 && r.konst === void 0) return void 0;
  const then = compile(items[2], ctx);
  const otherwise = items[3] ? compile(items[3], ctx) : () => null;
  const s = l.slot;
  const cost = GAS.control + GAS.arithmetic;
  const where2 = at(test.pos, scope);
  const fail = (x, y) => typeFail(op, x, y, where2);
  if (r.konst !== void 0) {
    const k = r.konst;
    const cmp2 = COMPARE[op];
    if (op === "<")
      return (fr) => {
        charge(cost);
        const x = fr[s];
        if (typeof x !== "bigint") return fail(x, k);
        return x < k ? then(fr) : otherwise(fr);
      };
    return (fr) => {
      charge(cost);
      const x = fr[s];
      if (typeof x !== "bigint") return fail(x, k);
      return cmp2(x, k) ? then(fr) : otherwise(fr);
    };
  }
  const t = r.slot;
  const cmp = COMPARE[op];
  return (fr) => {
    charge(cost);
    const x = fr[s];
    const y = fr[t];
    if (typeof x !== "bigint" || typeof y !== "bigint") return fail(x, y);
    return cmp(x, y) ? then(fr) : otherwise(fr);
  };
}
function bindings(form, what, pos) {
  if (form?.kind !== "list")
    throw new DataError(`${what} expects a list of bindings like ((x 1) (y 2))`, form?.pos ?? pos);
  return form.items.map((b) => {
    if (b.kind !== "list" || b.items.length !== 2 || b.items[0].kind !== "symbol")
      throw new DataError(`each ${what} binding must be (name value)`, b.pos);
    return { name: b.items[0].name, init: b.items[1], pos: b.pos };
  });
}
function compileLet(form, ctx) {
  const items = form.items;
  if (items.length < 3) throw new DataError("let takes bindings and a body: (let ((x 1)) body…)", form.pos);
  const scope = ctx.scope;
  const binds = bindings(items[1], "let", form.pos);
  scope.push();
  const slots = [];
  const inits = [];
  for (const b of binds) {
    inits.push(
      b.init.kind === "list" && symbolName(b.init.items[0]) === "fn" && scope.lookup("fn") === void 0 ? compileFn(b.init, ctx, b.name) : compile(b.init, nonTail(ctx))
    );
    slots.push(scope.bind(b.name, b.pos));
  }
  const body = compileBody(items.slice(2), ctx, form.pos);
  scope.pop();
  const cost = GAS.control * binds.length;
  if (slots.length === 1) {
    const s0 = slots[0];
    const i0 = inits[0];
    return (fr) => {
      charge(cost);
      fr[s0] = i0(fr);
      return body(fr);
    };
  }
  return (fr) => {
    charge(cost);
    for (let i = 0; i < slots.length; i++) fr[slots[i]] = inits[i](fr);
    return body(fr);
  };
}
function mentionedSymbols(forms, out) {
  for (const f of forms) {
    if (f.kind === "symbol") out.add(f.name);
    else if (f.kind === "list" && symbolName(f.items[0]) !== "quote") mentionedSymbols(f.items, out);
  }
  return out;
}
function params(form, pos) {
  if (form?.kind !== "list") throw new DataError("expected a parameter list like (a b)", form?.pos ?? pos);
  const seen = /* @__PURE__ */ new Set();
  return form.items.map((p) => {
    if (p.kind !== "symbol") throw new DataError("each parameter must be a name", p.pos);
    if (seen.has(p.name)) throw new DataError(`parameter ${p.name} appears twice`, p.pos);
    seen.add(p.name);
    return { name: p.name, pos: p.pos };
  });
}
function compileFunction(name, paramList, body, parent, contract, pos) {
  const scope = new Scope(name, parent, contract);
  for (const p of paramList) scope.bind(p.name, p.pos);
  const captureNames = parent ? [...mentionedSymbols(body, /* @__PURE__ */ new Set())].filter(
    (n) => !paramList.some((p) => p.name === n) && parent.visible(n)
  ) : [];
  const captures = [];
  for (const n of captureNames) {
    captures.push(parent.lookup(n));
    scope.bind(n, pos);
  }
  const node = compileBody(body, { scope, tail: false, loop: null }, pos);
  const template = {
    name,
    arity: paramList.length,
    frameSize: scope.nextSlot,
    body: node,
    depthCost: scope.maxDepth + CALL_DEPTH_COST
  };
  return { template, captures };
}
function compileFn(form, ctx, name) {
  const items = form.items;
  if (items.length < 3) throw new DataError("fn takes parameters and a body: (fn (a b) body…)", form.pos);
  const ps = params(items[1], form.pos);
  const { template, captures } = compileFunction(
    name,
    ps,
    items.slice(2),
    ctx.scope,
    ctx.scope.contract,
    form.pos
  );
  const cost = GAS.closure + GAS.callArgument * captures.length;
  if (captures.length === 0) {
    return () => (charge(cost), new Closure(template, []));
  }
  return (fr) => {
    charge(cost);
    const values = new Array(captures.length);
    for (let i = 0; i < captures.length; i++) values[i] = fr[captures[i]];
    return new Closure(template, values);
  };
}
function compileLoop(form, ctx) {
  const items = form.items;
  if (items.length < 3) throw new DataError("loop takes bindings and a body: (loop ((i 0)) body…)", form.pos);
  const scope = ctx.scope;
  const binds = bindings(items[1], "loop", form.pos);
  scope.push();
  const slots = [];
  const inits = [];
  for (const b of binds) {
    inits.push(compile(b.init, nonTail(ctx)));
    slots.push(scope.bind(b.name, b.pos));
  }
  const body = compileBody(items.slice(2), { scope, tail: true, loop: { slots, scope } }, form.pos);
  scope.pop();
  const cost = GAS.control * binds.length;
  return (fr) => {
    charge(cost);
    for (let i = 0; i < slots.length; i++) fr[slots[i]] = inits[i](fr);
    for (; ; ) {
      const r = body(fr);
      if (r !== RECUR) return r;
    }
  };
}
function compileRecur(form, ctx) {
  const loop = ctx.loop;
  if (!loop || loop.scope !== ctx.scope) throw new DataError("recur outside of a loop", form.pos);
  if (!ctx.tail) throw new DataError("recur must be in tail position of its loop", form.pos);
  const n = loop.slots.length;
  if (form.items.length - 1 !== n)
    throw new DataError(
      `recur takes ${n} argument${n === 1 ? "" : "s"} (one per loop binding), got ${form.items.length - 1}`,
      form.pos
    );
  let cost = GAS.loopIteration;
  const args2 = form.items.slice(1).map((a) => {
    const simple = simpleBinary(a, ctx);
    if (!simple) return compile(a, nonTail(ctx));
    cost += GAS.arithmetic;
    return simple;
  });
  const slots = loop.slots;
  if (n === 1) {
    const [s0] = slots;
    const [a0] = args2;
    return (fr) => {
      charge(cost);
      fr[s0] = a0(fr);
      return RECUR;
    };
  }
  if (n === 2) {
    const [s0, s1] = slots;
    const [a0, a1] = args2;
    return (fr) => {
      charge(cost);
      const v0 = a0(fr);
      const v1 = a1(fr);
      fr[s0] = v0;
      fr[s1] = v1;
      return RECUR;
    };
  }
  return (fr) => {
    charge(cost);
    const vals = args2.map((a) => a(fr));
    for (let i = 0; i < n; i++) fr[slots[i]] = vals[i];
    return RECUR;
  };
}

// src/lang/vm.ts
function compileProgram(source) {
  const form = readOne(source);
  return { form, template: compileFunction("script", [], [form], null, null, form.pos).template };
}
function tryCompileProgram(source) {
  try {
    return compileProgram(source);
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
}
function withMachine(options, body) {
  const host = options.host ?? new MemoryHost();
  const from = options.from ?? host.origin;
  const saved = {
    gas: rt.gas,
    hostDepth: rt.hostDepth,
    host: rt.host,
    frame: rt.frame,
    callStack: rt.callStack
  };
  rt.gas = options.gas;
  rt.hostDepth = 0;
  rt.host = host;
  rt.frame = {
    self: from,
    sender: from,
    contract: null,
    readOnly: options.readOnly ?? false
  };
  rt.callStack = [];
  const checkpoint = host.checkpoint();
  try {
    const value = body();
    const printed = printValue(value, { meter: (n) => charge(GAS.perByte * n) });
    return { status: STATUS_OK, value, printed, gasUsed: options.gas - rt.gas, error: null };
  } catch (e) {
    host.revertTo(checkpoint);
    if (e instanceof VmError)
      return {
        status: e.status,
        value: null,
        printed: "nil",
        gasUsed: options.gas - rt.gas,
        error: e.message
      };
    const message2 = e instanceof Error ? e.message : String(e);
    return {
      status: STATUS_RUNTIME,
      value: null,
      printed: "nil",
      gasUsed: options.gas - rt.gas,
      error: `internal error: ${message2}`
    };
  } finally {
    Object.assign(rt, saved);
  }
}
function run(program, options) {
  return withMachine(options, () => {
    const { template } = program;
    rt.hostDepth = template.depthCost;
    return template.body(new Array(template.frameSize));
  });
}
function evaluate(source, options) {
  const program = tryCompileProgram(source);
  if (program instanceof DataError) return program;
  return run(program, options);
}

// src/cli/args.ts
import { parseArgs as nodeParseArgs } from "node:util";

// src/cli/errors.ts
var UsageError = class extends Error {
  constructor(message2, hint) {
    super(message2);
    this.hint = hint;
  }
  hint;
};
var CliError = class extends Error {
  constructor(code, message2, exitCode = 1, hint) {
    super(message2);
    this.code = code;
    this.exitCode = exitCode;
    this.hint = hint;
  }
  code;
  exitCode;
  hint;
};

// src/cli/args.ts
var COMMON_OPTIONS = {
  json: { type: "boolean" },
  chain: { type: "string" },
  help: { type: "boolean", short: "h" }
};
function parse(command, argv, options) {
  try {
    const { values, positionals } = nodeParseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
      allowNegative: false
    });
    return { values, positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new UsageError(
      `${command}: ${msg.replace(/^Unknown option/, "unknown option")}`,
      `run 'tinychain ${command} --help'`
    );
  }
}
function intFlag(name, raw, max = Number.MAX_SAFE_INTEGER) {
  if (raw === void 0) return void 0;
  if (typeof raw !== "string" || !/^[0-9]+$/.test(raw) || raw.length > 16 || Number(raw) > max)
    throw new UsageError(`--${name} must be a whole number between 0 and ${max}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

// src/cli/output.ts
function toJson(value) {
  return JSON.stringify(value, (_k, v) => typeof v === "bigint" ? v.toString() : v, 2);
}
function makeOutput(json, write = (s) => process.stdout.write(s)) {
  return {
    json,
    say(line = "") {
      if (!json) write(`${line}
`);
    },
    document(value) {
      if (json) write(`${toJson(value)}
`);
    }
  };
}

// src/cli/commands/eval.ts
var evalCommand = {
  name: "eval",
  summary: "evaluate a program with no chain state; prints value, status and gas used",
  usage: "tinychain eval EXPR [--gas N] [--json]",
  run(argv) {
    const { values, positionals } = parse("eval", argv, { gas: { type: "string" } });
    if (positionals.length !== 1)
      throw new UsageError(
        "eval takes exactly one expression (quote it for the shell)",
        "tinychain eval '(+ 1 2)'"
      );
    const gas = intFlag("gas", values.gas) ?? DEFAULT_EVAL_GAS;
    const out = makeOutput(values.json === true);
    const result = evaluate(positionals[0], { gas });
    if ("code" in result) {
      out.document({
        status: null,
        value: null,
        gasUsed: 0,
        error: { code: result.code, message: result.message }
      });
      out.say(`error ${result.code}: ${result.message}`);
      return 1;
    }
    out.document({
      status: result.status,
      value: result.printed,
      gasUsed: result.gasUsed,
      error: result.error
    });
    if (result.status === 0) out.say(result.printed);
    else out.say(`error: ${result.error}`);
    out.say(`status ${result.status} (${STATUS_MEANING[result.status]}), gas used ${result.gasUsed}`);
    return result.status === 0 ? 0 : 1;
  }
};

// src/cli/commands/index.ts
var COMMANDS = [evalCommand];

// src/cli/main.ts
function help() {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "tinychain: a smart-contract chain whose consensus is GitHub pull requests",
    "",
    "usage: tinychain COMMAND [options]   (--chain DIR for a chain outside the current folder, --json for JSON)",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "tinychain COMMAND --help shows a command's options."
  ].join("\n");
}
async function main(argv) {
  const [name, ...rest] = argv;
  if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${help()}
`);
    return name === void 0 ? 2 : 0;
  }
  if (name === "--version") {
    process.stdout.write("tinychain 0.1.0\n");
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const json = rest.includes("--json");
  try {
    if (!command)
      throw new UsageError(`unknown command ${JSON.stringify(name)}`, "run 'tinychain --help' for the list");
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(
        `usage: ${command.usage}

${command.summary}
${command.details ? `
${command.details}
` : ""}`
      );
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError || e instanceof CliError) {
      const code = e instanceof CliError ? e.code : "E_USAGE";
      const exit = e instanceof CliError ? e.exitCode : 2;
      if (json) process.stdout.write(`${toJson({ error: { code, message: e.message } })}
`);
      else process.stderr.write(`tinychain: ${e.message}${e.hint ? `
  hint: ${e.hint}` : ""}
`);
      return exit;
    }
    const message2 = e instanceof Error ? e.message : String(e);
    process.stderr.write(`tinychain: internal error: ${message2}
`);
    if (process.env.TINYCHAIN_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}
`);
    return 3;
  }
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`tinychain: internal error: ${e instanceof Error ? e.message : String(e)}
`);
    process.exitCode = 3;
  }
);
export {
  main
};
