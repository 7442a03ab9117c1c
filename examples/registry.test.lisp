; Tests of registry.lisp: `tinychain test examples` (docs/contracts.md).

(deftest first-come-first-served
  (let ((r (deploy-file "registry.lisp")))
    (call r 'claim "sneed" 42)
    (as bob (expect-abort "taken" (call r 'claim "sneed" 7)))
    (assert-eq alice (call r 'owner-of "sneed"))
    (assert-eq 42 (call r 'resolve "sneed"))))

(deftest owners-give-and-release
  (let ((r (deploy-file "registry.lisp")))
    (call r 'claim "name" 1)
    (as bob (expect-abort "not your name" (call r 'point "name" 2)))
    (call r 'give "name" bob)
    (as bob
      (call r 'point "name" 3)
      (call r 'release "name"))
    (assert-eq nil (call r 'owner-of "name"))
    (as carol (call r 'claim "name" 4))
    (assert-eq carol (call r 'owner-of "name"))))

(deftest names-are-1-to-64-bytes
  (let ((r (deploy-file "registry.lisp")))
    (expect-abort "a name is 1 to 64 bytes" (call r 'claim "" 1))
    (expect-status 1 (call r 'claim 5 1))))
