; Tests of vault.lisp: `tinychain test examples` (docs/contracts.md).

(deftest pays-what-it-can-and-reports-the-rest
  (let ((t (deploy-file "token.lisp"))
        (v (deploy-file "vault.lisp")))
    (call t 'mint v 100)
    (call v 'use-token t)
    (assert-eq (list (list carol 'err) (list bob 'ok))
               (call v 'pay-all (list (list bob 60) (list carol 50))))
    (assert-eq 60 (call t 'balance-of bob))
    (assert-eq 0 (call t 'balance-of carol))
    (assert-eq 40 (call t 'balance-of v))))

(deftest only-the-manager
  (let ((v (deploy-file "vault.lisp")))
    (as bob (expect-abort "manager only" (call v 'pay-all ())))))
