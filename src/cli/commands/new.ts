// `tinychain new NAME`: a folder with a contract that works, its tests and a README that says how to
// check, test and deploy it, so an author starts from something that passes.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "../../tools/format.ts";
import { CliError, type Command } from "../command.ts";

const contract = (
  title: string,
) => `; ${title}: a starting point. Anyone can leave a note; the owner can clear them.
(contract ${title}
  (defvar owner origin)
  (defvar count 0)
  (defmap notes)                 ; number → (list author text)

  (defn leave (text)
    (assert (and (string? text) (<= (len text) 280)) "a note is a string of at most 280 bytes")
    (put! notes count (list sender text))
    (set! count (+ count 1))
    (emit Left sender count)
    count)

  (defn clear (n)
    (assert (= sender owner) "only the owner clears")
    (del! notes n)
    true)

  (defview note (n) (get notes n nil))
  (defview total () count))
`;

const tests = (name: string) => `; Tests of ${name}.lisp: tinychain test

(deftest leaves-notes
  (let ((c (deploy-file "${name}.lisp")))
    (assert-eq 1 (call c 'leave "hello"))
    (assert-eq '((Left ${"0x00000000000000000000000000000000000a11ce"} 1)) events)
    (as bob (call c 'leave "hi"))
    (assert-eq (list bob "hi") (call c 'note 1))
    (assert-eq 2 (call c 'total))))

(deftest only-the-owner-clears
  (let ((c (deploy-file "${name}.lisp")))
    (call c 'leave "mine")
    (as bob (expect-abort "only the owner clears" (call c 'clear 0)))
    (call c 'clear 0)
    (assert-eq nil (call c 'note 0))))

(defprop notes-count-up ((k nat))
  (let ((c (deploy-file "${name}.lisp")))
    (call c 'leave (str k))
    (assert-eq 1 (call c 'total))))
`;

const readme = (name: string, title: string) => `# ${title}

A tinychain contract (\`${name}.lisp\`) and its tests (\`${name}.test.lisp\`).

\`\`\`sh
tinychain check ${name}.lisp             # static checks: names, arity, views that write
tinychain test                           # the tests, on a fresh in-memory chain each
tinychain deploy --key KEY.json ${name}.lisp --chain CHAIN   # a signed deploy transaction in CHAIN/txs/
\`\`\`

docs/contracts.md in the tinychain repository explains each step.
`;

export const newCommand: Command = {
  summary: "scaffold a contract, its tests and a README in a new folder NAME/",
  usage: "tinychain new NAME",
  example: "tinychain new guestbook",
  run({ positionals, out }) {
    const name = positionals[0]!;
    if (existsSync(name)) throw new CliError("E_EXISTS", `${name} already exists: choose another name`, 1);
    const title = name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()).replace(/-/g, "");
    mkdirSync(name);
    const files = {
      [`${name}.lisp`]: format(contract(title)), // in the layout `tinychain fmt` keeps
      [`${name}.test.lisp`]: format(tests(name)),
      "README.md": readme(name, title),
    };
    for (const [file, text] of Object.entries(files)) writeFileSync(join(name, file), text);
    out.document({ dir: name, files: Object.keys(files).map((f) => join(name, f)) });
    for (const f of Object.keys(files)) out.say(`wrote ${join(name, f)}`);
    out.say(`next: cd ${name} && tinychain check ${name}.lisp && tinychain test`);
    return 0;
  },
};
