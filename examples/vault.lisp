; Composition with try-call: a vault that pays out of a Token (token.lisp) to a list of recipients,
; skipping any payment the token refuses instead of failing the whole batch.
(contract Vault
  (defvar token nil)
  (defvar manager origin)
  (defn use-token (t)
    (assert (= sender manager) "manager only")
    (set! token t))
  (defn pay-all (payments)  ; a list of (recipient amount)
    (assert (= sender manager) "manager only")
    (fold (fn (report p)
            (let ((r (try-call token 'transfer (first p) (nth p 1))))
              (cons (list (first p) (first r)) report)))
          ()
          payments)))
