/**
 * Where the queue's IndexedDB work runs: in a dedicated worker where one can
 * start, so that each transaction costs the page's main thread a postMessage
 * instead of about half a millisecond (measured in Chromium, bench/). Where no
 * worker can start (no Worker, a Content-Security-Policy that refuses `blob:`
 * workers, a build whose instrumented functions are not self-contained), the
 * same host runs on the main thread, and what was sent to the worker runs
 * again there: every call is idempotent (puts and deletes by key).
 */
import { promisifyRequest } from 'idb-keyval'
import { idbHost, type HostCall } from './idb-host'

/** A call without its id (the connection numbers them). */
type Call = HostCall extends infer C ? (C extends [number, ...infer Rest] ? Rest : never) : never

/** A connection to the host: `call` resolves with the operation's value, or rejects with the error's text. */
export interface HostConnection {
  call(...call: Call): Promise<unknown>
  /** Ends the worker (calls still waiting then time out in storage.ts). */
  close(): void
  /** Moves the host to the main thread for good, running again what is still waiting. */
  fallback(): void
}

/**
 * Connects to the IndexedDB host, in a worker when `inWorker` and the browser lets one start.
 * @example
 * const host = connectHost(true)
 * const [keys, values] = (await host.call('all')) as [IDBValidKey[], unknown[]]
 */
export function connectHost(inWorker: boolean): HostConnection {
  const pending = new Map<number, [(value: unknown) => void, (error: unknown) => void, HostCall]>()
  let n = 0
  const settle = (id: number, ok: boolean, value?: unknown) => {
    const waiting = pending.get(id)
    pending.delete(id)
    waiting?.[ok ? 0 : 1](value)
  }
  let worker: Worker | undefined
  let run: (call: HostCall) => void
  const onMainThread = () => {
    worker?.terminate()
    worker = undefined
    run = idbHost(promisifyRequest, settle)
    pending.forEach(([, , call]) => run(call))
  }
  try {
    if (!inWorker) throw 0
    // Both functions are self-contained, so their source text is a complete worker script.
    const source = `const h=(${idbHost})(${promisifyRequest},(...a)=>postMessage(a));onmessage=(e)=>h(e.data)`
    worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })))
    worker.onmessage = (e) => settle(...(e.data as [number, boolean, unknown]))
    // A worker that cannot start (Firefox reports a CSP refusal this way) or fails: cancelled, so it never
    // reaches the page's window.onerror, and the host moves to the main thread.
    worker.onerror = (e) => (e.preventDefault(), onMainThread())
    run = (call) => worker!.postMessage(call)
  } catch {
    // Chromium refuses a worker the page's CSP forbids by throwing here.
    onMainThread()
  }
  return {
    call: (...call) =>
      new Promise((resolve, reject) => {
        const full = [++n, ...call] as HostCall
        pending.set(n, [resolve, reject, full])
        run(full)
      }),
    close: () => worker?.terminate(),
    fallback: () => worker && onMainThread(),
  }
}
