; Tests of multisig.lisp: `tinychain test examples` (docs/contracts.md).

(deftest two-of-three-executes
  (let ((m (deploy-file "multisig.lisp")))
    (call m 'init (list alice bob carol) 2)
    (transfer m 1000)
    (let ((id (call m 'propose dave 300))
          (before (balance dave)))
      (assert-eq 1 (call m 'confirmations-of id))
      (as bob (call m 'confirm id))
      (assert-eq '((Executed 0)) events)
      (assert-eq 300 (- (balance dave) before))
      (as carol (expect-abort "no such proposal" (call m 'confirm 9))))))

(deftest strangers-and-repeats-are-refused
  (let ((m (deploy-file "multisig.lisp")))
    (call m 'init (list alice bob) 2)
    (as eve (expect-abort "owners only" (call m 'propose eve 1)))
    (let ((id (call m 'propose bob 1))) (expect-abort "already confirmed" (call m 'confirm id)))
    (expect-abort "init runs once" (call m 'init (list eve) 1))))
