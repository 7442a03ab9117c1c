// Where the store reads a chain's files (state/): one interface, three places. The work tree (a chain
// folder, `tinychain` on a laptop), a commit's git objects (the apply workflow's and the node's
// checkouts leave state/ out of the work tree: sequencer/objects.ts), or memory (tests). The store
// reads through it and never asks which one it has; it writes to its folder (snapshot.root) alone.

import { type Dirent, readdirSync } from "node:fs";
import { join } from "node:path";
import { readTextIfExists } from "./files.ts";

export interface ObjectSource {
  /** The texts of files (undefined: no such file), read together: a commit's in one request. */
  read(paths: string[]): (string | undefined)[];
  /** The paths of the files at or under a path, at any depth, in no particular order. */
  list(path: string): Iterable<string>;
}

/** The files of a folder on disk, as they are now (what this process wrote is read back as written). */
export function workTreeSource(root: string): ObjectSource {
  return {
    read: (paths) => paths.map((path) => readTextIfExists(join(root, path))),
    // a folder at a time: a million account files are never listed at once
    *list(path) {
      const folders = [path];
      for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
        let entries: Dirent[];
        try {
          entries = readdirSync(join(root, folder), { withFileTypes: true });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === "ENOTDIR")
            yield folder; // the path is a file
          else if (code !== "ENOENT") throw e;
          continue;
        }
        for (const e of entries)
          if (e.isDirectory()) folders.push(`${folder}/${e.name}`);
          else yield `${folder}/${e.name}`;
      }
    },
  };
}

/** Files held in memory, path → text (tests, and a state built without a folder). */
export function memorySource(files: Map<string, string>): ObjectSource {
  return {
    read: (paths) => paths.map((path) => files.get(path)),
    list: (path) => [...files.keys()].filter((p) => p === path || p.startsWith(`${path}/`)),
  };
}
