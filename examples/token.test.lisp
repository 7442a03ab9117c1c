; Tests of token.lisp: `tinychain test examples` (docs/contracts.md).

(deftest mints-and-transfers
  (let ((t (deploy-file "token.lisp")))
    (call t 'mint alice 1000)
    (call t 'transfer bob 250)
    ; `events`: what the transaction before emitted
    (assert-eq (list (list 'Transfer alice bob 250)) events)
    (assert-eq 750 (call t 'balance-of alice))
    (assert-eq 250 (call t 'balance-of bob))
    (assert-eq 1000 (call t 'total-supply))))

(deftest only-the-owner-mints
  (let ((t (deploy-file "token.lisp")))
    (as bob (expect-abort "only the owner mints" (call t 'mint bob 1)))
    (assert-eq 0 (call t 'total-supply))))

(deftest cannot-overdraw
  (let ((t (deploy-file "token.lisp")))
    (call t 'mint alice 10)
    (expect-abort "insufficient balance" (call t 'transfer bob 11))
    (assert-eq 10 (call t 'balance-of alice))))

(deftest allowances
  (let ((t (deploy-file "token.lisp")))
    (call t 'mint alice 100)
    (call t 'approve bob 40)
    (as bob
      (call t 'transfer-from alice carol 30)
      (expect-abort "allowance too small" (call t 'transfer-from alice carol 11)))
    (assert-eq 10 (call t 'allowance alice bob))
    (assert-eq 30 (call t 'balance-of carol))))

(defprop transfers-conserve-supply ((a nat) (b nat))
  (let ((t (deploy-file "token.lisp")))
    (call t 'mint alice a)
    (let ((sent (if (<= b a) b a)))
      (call t 'transfer bob sent)
      (assert-eq a (+ (call t 'balance-of alice) (call t 'balance-of bob))))))

; An invariant test: random sequences of the actions, each step by a random test account with fresh
; random values of the parameters; after the setup and after every step, the supply is the sum of the
; balances (every holder is a test account: `account` draws one of them).
(definvariant supply-is-the-sum-of-balances ((from account) (to account) (n (int 0 600)))
  (setup
    (def t (deploy-file "token.lisp"))
    (call t 'mint alice 1000)
    (call t 'mint bob 1000))
  (action (as alice (call t 'mint to n)))  ; the owner mints
  (action (call t 'transfer to n))
  (action (call t 'approve to n))
  (action (call t 'transfer-from from to n))
  (invariant
    (assert-eq (call t 'total-supply)
               (fold + 0 (map (fn (a) (call t 'balance-of a)) (list alice bob carol dave eve))))))
