import { es256, KeyListError, KeySet, type PublicJwk, type SignatureScheme } from "@yiwang/onecode-verifier";
import { api, unwrap } from "../../api/client";

/**
 * The gate's copy of the signed key list (亮码核验 offline). The list key is pinned on first use: a later
 * list signed by any other key is refused and the copy kept, so whoever controls the network cannot hand
 * the gate their own keys. The copy lives in localStorage, so a gate that restarts offline still verifies
 * — until the list's own `exp`, after which it refuses every code until it is online again.
 */

const STORE = "yiwang.onecode.gate";

export interface StoredList {
  /** The pinned list key (from the first list this gate fetched). */
  listKey: PublicJwk;
  /** The signed list (compact JWS). */
  list: string;
  /** When this gate last fetched it (ms). */
  fetchedAt: number;
  /** The list's own expiry (seconds), as signed. */
  exp: number;
}

/**
 * The schemes to check `list` with: ES256 always; SM2 (sm-crypto, a chunk of its own) only when the list
 * key or a listed key is SM2 (CRYPTO_SUITE=national), so an ES256 gate never downloads it.
 */
async function schemesFor(list: string, listKey: PublicJwk): Promise<SignatureScheme[]> {
  let sm2Needed = listKey.alg === "SM2";
  try {
    const payload = JSON.parse(atob((list.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/")));
    sm2Needed ||= (payload.keys as { alg?: string }[]).some((k) => k.alg === "SM2");
  } catch {
    // A broken list is refused by KeySet.fromList itself.
  }
  if (!sm2Needed) return [es256];
  const { sm2 } = await import("@yiwang/onecode-verifier/sm2");
  return [es256, sm2 as SignatureScheme];
}

export function loadList(): StoredList | null {
  try {
    const raw = localStorage.getItem(STORE);
    return raw ? (JSON.parse(raw) as StoredList) : null;
  } catch {
    return null;
  }
}

/** Fetches the current list and checks it against the pinned key (pinning it the first time); stores it. */
export async function refreshList(now = new Date()): Promise<StoredList> {
  const fetched = await unwrap(api.GET("/api/onecode/keys", { cache: "no-store" }));
  const pinned = loadList()?.listKey ?? fetched.listKey;
  if (fetched.listKey.kid !== pinned.kid) throw new KeyListError("wrong_list_key");
  const keys = await KeySet.fromList(fetched.list, pinned, now, await schemesFor(fetched.list, pinned)); // throws on a bad signature or a stale list
  const stored: StoredList = { listKey: pinned, list: fetched.list, fetchedAt: now.getTime(), exp: keys.expiresAt };
  localStorage.setItem(STORE, JSON.stringify(stored));
  return stored;
}

/** The keys of the stored list at `now`, or why there are none to use. */
export async function keysOf(
  stored: StoredList | null,
  now: Date,
): Promise<{ keys: KeySet } | { problem: "no_list" | "list_expired" }> {
  if (!stored) return { problem: "no_list" };
  try {
    return {
      keys: await KeySet.fromList(stored.list, stored.listKey, now, await schemesFor(stored.list, stored.listKey)),
    };
  } catch (e) {
    return { problem: e instanceof KeyListError && e.reason === "expired" ? "list_expired" : "no_list" };
  }
}

/**
 * This gate's own short memory of the codes it let through: the same code shown twice here (a screenshot
 * passed back over the fence) is refused while it lives. Not shared with other gates or the server, and
 * lost on reload — a code lives a minute, so the list never holds more than a minute of traffic.
 */
export class GateNonces {
  readonly #seen = new Map<string, number>();

  /** True if `nonce` was seen before; remembers it until `exp` (seconds). */
  seen(nonce: string, exp: number, nowSeconds: number): boolean {
    for (const [n, e] of this.#seen) if (e < nowSeconds) this.#seen.delete(n);
    if (this.#seen.has(nonce)) return true;
    this.#seen.set(nonce, exp);
    return false;
  }
}
