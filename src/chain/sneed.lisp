; SneedToken: the chain's native currency as a contract (docs/spec.md §5), at
; 0x0000000000000000000000000000000000005eed from genesis.
; Balances are the chain's native balances, the very numbers gas is paid from, so the token and the
; native currency can never disagree. `minter`, `supply` and `burned` are set at genesis; the chain
; updates `supply` and `burned` when it burns the base-fee part of every fee (docs/spec.md §4).
(contract SneedToken
  (defvar minter nil)
  (defvar supply 0)
  (defvar burned 0)

  (defn mint (to amount)
    (assert (= sender minter) "only the chain's minter can mint")
    (assert (and (int? amount) (> amount 0)) "amount must be a positive int")
    (assert (address? to) "to must be an address")
    (system-mint to amount)
    (emit Mint to amount)
    true)

  (defn transfer (to amount)
    (assert (and (int? amount) (>= amount 0)) "amount must be a non-negative int")
    (assert (address? to) "to must be an address")
    (assert (system-move sender to amount) "insufficient balance")
    (emit Transfer sender to amount)
    true)

  (defview balance-of (who) (balance who))
  (defview total-supply () supply)
  (defview total-burned () burned))
