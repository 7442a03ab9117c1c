; The smallest useful contract: a counter anyone can increment, with a per-caller tally.
(contract Counter
  (defvar count 0)
  (defmap by-caller)
  (defn increment ()
    (set! count (+ count 1))
    (put! by-caller sender (+ 1 (get by-caller sender 0)))
    count)
  (defview value () count)
  (defview count-of (who) (get by-caller who 0)))
