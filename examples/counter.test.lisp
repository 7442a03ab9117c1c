; Tests of counter.lisp: `tinychain test examples` (docs/contracts.md).

(deftest starts-at-zero
  (let ((c (deploy-file "counter.lisp"))) (assert-eq 0 (call c 'value))))

(deftest counts-each-caller
  (let ((c (deploy-file "counter.lisp")))
    (call c 'increment)
    (as bob
      (call c 'increment)
      (call c 'increment))
    (assert-eq 3 (call c 'value))
    (assert-eq 1 (call c 'count-of alice))
    (assert-eq 2 (call c 'count-of bob))))

(defprop increments-by-one ((n nat))
  (let ((c (deploy-file "counter.lisp")))
    (call c 'increment)
    (assert-eq 1 (call c 'value))
    (assert (>= n 0) "a nat is never negative")))
