// EIP-712 typed structured data hashing (https://eips.ethereum.org/EIPS/eip-712): encodeType,
// hashStruct and the 0x1901 digest. General enough for the specification's own "Mail" example
// (nested structs) and for tinychain's Transaction; arrays are not needed and not supported.

import { numberToBytesBE } from "@noble/curves/utils.js";
import { concatBytes, hexToBytes, utf8 } from "../../src/crypto/hex.ts";
import { keccak256 } from "../../src/crypto/keccak.ts";

export type TypedFields = { name: string; type: string }[];
export type Types = Record<string, TypedFields>;
export type TypedValue = string | number | bigint | boolean | { [k: string]: TypedValue };

/** `Mail(Person from,Person to,string contents)Person(string name,address wallet)` */
export function encodeType(primary: string, types: Types): string {
  const deps = new Set<string>();
  const visit = (t: string) => {
    for (const f of types[t] ?? []) {
      const base = f.type;
      if (types[base] && !deps.has(base) && base !== primary) {
        deps.add(base);
        visit(base);
      }
    }
  };
  visit(primary);
  const one = (t: string) => `${t}(${types[t]!.map((f) => `${f.type} ${f.name}`).join(",")})`;
  return [primary, ...[...deps].sort()].map(one).join("");
}

const typeHashes = new WeakMap<Types, Map<string, Uint8Array>>();

/** keccak256(encodeType): cached per types object, since it never changes. */
export function typeHash(primary: string, types: Types): Uint8Array {
  let m = typeHashes.get(types);
  if (!m) typeHashes.set(types, (m = new Map()));
  let h = m.get(primary);
  if (!h) m.set(primary, (h = keccak256(utf8(encodeType(primary, types)))));
  return h;
}

function encodeValue(type: string, value: TypedValue, types: Types): Uint8Array {
  if (types[type]) return hashStruct(type, value as Record<string, TypedValue>, types);
  if (type === "string") return keccak256(utf8(value as string));
  if (type === "bytes") return keccak256(hexToBytes((value as string).slice(2)));
  if (type === "address") return numberToBytesBE(BigInt(value as string), 32);
  if (type === "bool") return numberToBytesBE(value ? 1n : 0n, 32);
  const uint = /^uint(\d+)$/.exec(type);
  if (uint) {
    const n = BigInt(value as bigint | number | string);
    if (n < 0n || n >= 1n << BigInt(uint[1]!)) throw new Error(`${type} out of range: ${n}`);
    return numberToBytesBE(n, 32);
  }
  const int = /^int(\d+)$/.exec(type);
  if (int) {
    const n = BigInt(value as bigint | number | string);
    return numberToBytesBE(BigInt.asUintN(256, n), 32);
  }
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) {
    const b = hexToBytes((value as string).slice(2));
    const out = new Uint8Array(32);
    out.set(b);
    return out;
  }
  throw new Error(`EIP-712 type ${type} is not supported`);
}

export function hashStruct(primary: string, data: Record<string, TypedValue>, types: Types): Uint8Array {
  const parts = [typeHash(primary, types)];
  for (const f of types[primary]!) parts.push(encodeValue(f.type, data[f.name]!, types));
  return keccak256(concatBytes(...parts));
}

/** The EIP712Domain type made of the fields the domain has, in the specification's order. */
export function domainType(domain: Record<string, TypedValue>): TypedFields {
  const all: TypedFields = [
    { name: "name", type: "string" },
    { name: "version", type: "string" },
    { name: "chainId", type: "uint256" },
    { name: "verifyingContract", type: "address" },
    { name: "salt", type: "bytes32" },
  ];
  return all.filter((f) => domain[f.name] !== undefined);
}

export function domainSeparator(domain: Record<string, TypedValue>): Uint8Array {
  return hashStruct("EIP712Domain", domain, { EIP712Domain: domainType(domain) });
}

/** keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)) */
export function typedDataDigest(
  separator: Uint8Array,
  primary: string,
  message: Record<string, TypedValue>,
  types: Types,
): Uint8Array {
  return keccak256(concatBytes(Uint8Array.of(0x19, 0x01), separator, hashStruct(primary, message, types)));
}
