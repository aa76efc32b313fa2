/**
 * The app's pages, each setting its title the way real React apps do: React
 * 19's `<title>` (hoisted into <head>), `document.title` in an effect, and
 * `document.title` once the page's data has arrived.
 */
import { useEffect, useState } from 'react'
import { Link, Outlet, useParams } from 'react-router'

/** How long the order page's simulated fetch takes: longer than a tick, well under the SDK's 1 s wait. */
const DATA_MS = 150

/** The shell every route renders in: the links the test clicks. */
export function Layout() {
  return (
    <>
      <nav>
        <Link id="to-home" to="/">Home</Link> <Link id="to-pricing" to="/pricing">Pricing</Link>{' '}
        <Link id="to-order" to="/orders/42">Order 42</Link>
      </nav>
      <Outlet />
    </>
  )
}

/** React 19 renders this `<title>` into <head> and removes it when the page unmounts. */
export function Home() {
  return (
    <main>
      <title>Home — Acme</title>
      <h1>Home</h1>
    </main>
  )
}

/** The pre-19 habit (and react-helmet's): assign `document.title` in an effect after render. */
export function Pricing() {
  useEffect(() => {
    document.title = 'Pricing — Acme'
  }, [])
  return <h1>Pricing</h1>
}

/** The title names the order, so it can only be set once the order has loaded. */
export function Order() {
  const { id } = useParams()
  const [order, setOrder] = useState(null)
  useEffect(() => {
    const timer = setTimeout(() => setOrder({ id, total: '€42.00' }), DATA_MS)
    return () => clearTimeout(timer)
  }, [id])
  useEffect(() => {
    if (!order) return
    // The test compares the page view's time with this moment: the view belongs to the navigation, not to the data.
    window.titleSetAt = Date.now()
    document.title = `Order ${order.id} — Acme`
  }, [order])
  if (!order) return <h1>Loading…</h1>
  return (
    <>
      <h1>Order {order.id}: {order.total}</h1>
      {/* A title change with no navigation, after the view was recorded: the next route must not inherit it. */}
      <button id="ship" onClick={() => (document.title = `Order ${order.id} (shipped) — Acme`)}>Mark as shipped</button>
    </>
  )
}
