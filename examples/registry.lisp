; A name registry: first come, first served; owners can transfer or release their names.
(contract Registry
  (defmap owners)  ; name (a string) → address
  (defmap targets)  ; name → any data the owner points it at
  (defn claim (name target)
    (assert (and (string? name) (> (len name) 0) (<= (len name) 64)) "a name is 1 to 64 bytes")
    (assert (not (has? owners name)) "taken")
    (put! owners name sender)
    (put! targets name target)
    (emit Claimed name sender)
    true)
  (defn point (name target)
    (assert (= (get owners name nil) sender) "not your name")
    (put! targets name target))
  (defn give (name to)
    (assert (= (get owners name nil) sender) "not your name")
    (put! owners name to)
    (emit Given name sender to))
  (defn release (name)
    (assert (= (get owners name nil) sender) "not your name")
    (del! owners name)
    (del! targets name))
  (defview owner-of (name) (get owners name nil))
  (defview resolve (name) (get targets name nil)))
