// A chain read over HTTP from its repository's own files: raw.githubusercontent.com for a chain on
// GitHub, a node's static files (GET /state/…) for a local one. The web page reads the chain through it
// (docs/web.md), and the library previews and estimates a transaction through it, as the page does. The
// chain's code is synchronous (the VM reads storage as it runs), the network is not: a read of a file
// not yet fetched throws NeedFile, `load` fetches it and runs the whole computation again. So it reads
// exactly the files what it computes touches (the head, a few blocks, the accounts and storage entries
// a view or a preview reads), and nothing else: the same at a thousand accounts as at a million.

import { type Header, headerFromJson } from "../chain/block.ts";
import { type Genesis, parseGenesis } from "../chain/genesis.ts";
import {
  type AccountFile,
  accountData,
  accountPath,
  blockPath,
  type SlotFile,
  slotValue,
  storagePath,
} from "../chain/layout.ts";
import type { AccountData } from "../chain/state.ts";
import { HostUnavailable } from "../lang/errors.ts";
import type { ChainView } from "./query.ts";
import type { Block } from "./types.ts";
import { WAITING_PATH, type Waiting, waitingOf } from "./waiting.ts";

export class NeedFile extends HostUnavailable {
  constructor(readonly path: string) {
    super(`${path} is not fetched yet`);
  }
}

/** Why a file could not be read: its path and what the server said. */
export class FetchError extends Error {}

export class RemoteChain implements ChainView {
  /** fetched files: their text, or null for a 404 */
  private readonly files = new Map<string, string | null>();
  /** each file's one fetch, under way or done */
  private readonly fetches = new Map<string, Promise<void>>();
  private genesisCache: Genesis | undefined;
  /** how many files were fetched (the bench's "reads only what it shows") */
  fetched = 0;

  /** `base`: where the repository's files are, ending in "/" (…/owner/repo/main/ or the node's /) */
  constructor(
    readonly base: string,
    private readonly fetchText: (url: string) => Promise<string | null> = (url) => httpText(url),
  ) {}

  /** A file's text, or undefined when the repository has no such file; NeedFile until fetched. */
  text(path: string): string | undefined {
    if (!this.files.has(path)) throw new NeedFile(path);
    return this.files.get(path) ?? undefined;
  }

  /** A file as JSON; `required`: a file of every chain (its genesis, its head), refused when missing. */
  private json<T>(path: string, required = false): T | undefined {
    const t = this.text(path);
    if (t === undefined && required) throw new FetchError(`no chain at ${this.base}: ${path} is missing`);
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t) as T;
    } catch {
      throw new FetchError(`${path} is not valid JSON`);
    }
  }

  genesis(): Genesis {
    return (this.genesisCache ??= parseGenesis(this.json("state/genesis.json", true)!));
  }

  head(): Header {
    return headerFromJson(this.json("state/head.json", true)!);
  }

  account(address: string): AccountData | undefined {
    return accountData(this.json<AccountFile>(accountPath(address)));
  }

  storage(address: string, key: string): string | undefined {
    const path = storagePath(address, key);
    const f = this.json<SlotFile>(path);
    if (f === undefined) return undefined;
    const value = slotValue(f, key);
    if (value === undefined) throw new FetchError(`${path} does not hold the entry ${JSON.stringify(key)}`);
    return value;
  }

  /** One block's file (state/blocks/…): its header, transactions and receipts as the action wrote them. */
  block(n: number): Block | undefined {
    return this.json<Block>(blockPath(n));
  }

  /** The waiting line of state/waiting.json (the empty line when there is none); WaitingFileError. */
  waiting(): Waiting {
    return waitingOf(this.text(WAITING_PATH));
  }

  /** Fetches files (at once); each only once, however many runs ask for it (a failed one again). */
  async prefetch(paths: string[]): Promise<void> {
    await Promise.all(
      paths.map((path) => {
        if (this.fetches.has(path)) return this.fetches.get(path);
        const p = this.fetchText(this.base + path).then((t) => {
          this.files.set(path, t);
          this.fetched++;
        });
        this.fetches.set(path, p);
        p.catch(() => this.fetches.delete(path));
        return p;
      }),
    );
  }

  /** Runs `compute` until every file it reads has been fetched; its answer. */
  async load<T>(compute: () => T): Promise<T> {
    for (;;) {
      try {
        return compute();
      } catch (e) {
        if (!(e instanceof NeedFile)) throw e;
        await this.prefetch([e.path]);
      }
    }
  }
}

/** GET a file: its text, null on 404, an error naming the URL otherwise. */
export async function httpText(url: string, fetchFn: typeof fetch = fetch): Promise<string | null> {
  const res = await fetchFn(url, { cache: "no-cache" });
  if (res.status === 404) return null;
  if (!res.ok) throw new FetchError(`${url} answered ${res.status} ${res.statusText}`);
  return res.text();
}
