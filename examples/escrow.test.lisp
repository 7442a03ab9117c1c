; Tests of escrow.lisp: `tinychain test examples` (docs/contracts.md).

(deftest releases-to-the-seller
  (let ((e (deploy-file "escrow.lisp")))
    (call e 'setup bob carol)
    (call-value e 5000 'fund)  ; sneed sent with the call, in one transaction: as the contract says to fund it
    (assert-eq 'funded (call e 'status))
    (let ((before (balance bob)))
      (call e 'release)
      (assert-eq (+ before 5000) (balance bob))
      (assert-eq 0 (balance e)))))

(deftest only-the-arbiter-refunds
  (let ((e (deploy-file "escrow.lisp")))
    (call e 'setup bob carol)
    (expect-abort "send sneed with the call" (call e 'fund))
    (as bob (expect-abort "only the buyer funds" (call-value e 700 'fund)))
    (assert-eq 0 (balance e))  ; the sneed of the aborted call went back with it
    (call-value e 700 'fund)
    (as bob (expect-abort "only the arbiter refunds" (call e 'refund)))
    (let ((before (balance alice)))
      (as carol (call e 'refund))
      (assert-eq (+ before 700) (balance alice))
      (assert-eq 'refunded (call e 'status)))))

; An invariant test: whoever calls whatever in any order, with sneed sent along or stray, no sneed is
; made or lost (fees are 0 in tests), and a funded escrow holds sneed until it is released or refunded.
(defn sneed-of (who) (fold + 0 (map (fn (a) (balance a)) who)))

(definvariant keeps-every-sneed ((n (int 0 5000)))
  (setup
    (def e (deploy-file "escrow.lisp"))
    (call e 'setup bob carol)
    (def total (sneed-of (list alice bob carol dave eve))))
  (action (call-value e n 'fund))  ; only alice, the buyer, may fund
  (action (transfer e n))  ; stray sneed, from anyone
  (action (call e 'release))
  (action (call e 'refund))
  (invariant (assert-eq total (sneed-of (list alice bob carol dave eve e))))
  (invariant
    (assert (or (not (= (call e 'status) 'funded)) (> (balance e) 0))
            "a funded escrow holds sneed")))
