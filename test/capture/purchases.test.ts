import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { purchase, shutdown } from '../../src/tracker'
import { dataLayerPurchases, orderFromDataLayer } from '../../src/capture/purchases'
import { startTracking } from './tracking'

const w = window as unknown as { dataLayer?: unknown[] }
const GA4 = { event: 'purchase', ecommerce: { transaction_id: 'T-1001', value: '49.90', currency: 'eur', items: [{ item_id: 'mug-1', item_name: 'Mug', price: 24.95, quantity: 2 }] } }

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/thank-you')
  delete w.dataLayer
})
afterEach(() => shutdown())

const purchases = async (t: ReturnType<typeof startTracking>) => (await t.delivered()).filter((e) => e.type === 'purchase')

describe('purchases', () => {
  test('the same order recorded twice (a reloaded thank-you page) counts once', async () => {
    const t = startTracking()
    purchase({ orderId: 'A-1', value: 10, currency: 'EUR' })
    expect(await purchases(t)).toHaveLength(1)
    shutdown() // the reload
    const again = startTracking()
    purchase({ orderId: 'A-1', value: 10, currency: 'EUR' })
    purchase({ orderId: 'A-2', value: 5, currency: 'EUR' })
    expect((await purchases(again)).map((e) => e.properties.orderId)).toEqual(['A-2'])
  })

  test('a GA4 dataLayer purchase pushed before journeytag loaded is recorded, mapped to an order', async () => {
    w.dataLayer = [{ event: 'page_view' }, GA4]
    const t = startTracking({ plugins: [dataLayerPurchases()] })
    const [event] = await purchases(t)
    expect(event).toMatchObject({
      phase: 'conversion',
      properties: { orderId: 'T-1001', value: 49.9, currency: 'EUR', items: [{ id: 'mug-1', name: 'Mug', price: 24.95, quantity: 2 }] },
    })
  })

  test('a dataLayer purchase pushed later, and a gtag() purchase, are recorded; other pushes are not', async () => {
    const t = startTracking({ plugins: [dataLayerPurchases()] })
    w.dataLayer!.push({ event: 'add_to_cart', ecommerce: { value: 1 } })
    w.dataLayer!.push(GA4)
    ;(function gtag(..._args: unknown[]) { w.dataLayer!.push(arguments) })('event', 'purchase', { transaction_id: 77, value: 5, currency: 'USD' })
    expect((await purchases(t)).map((e) => e.properties.orderId)).toEqual(['T-1001', '77'])
  })

  test('data layer purchases go to the tracker the capture was given', () => {
    const tracker = { track: vi.fn(), page: vi.fn(), identify: vi.fn(), flush: vi.fn(), purchase: vi.fn(), hashRouting: () => false }
    const stop = dataLayerPurchases()(tracker)
    w.dataLayer!.push(GA4)
    expect(tracker.purchase).toHaveBeenCalledWith(expect.objectContaining({ orderId: 'T-1001', value: 49.9 }))
    if (stop) stop()
  })

  test('the data layer and a purchase() call for the same order count once', async () => {
    const t = startTracking({ plugins: [dataLayerPurchases()] })
    w.dataLayer!.push(GA4)
    purchase({ orderId: 'T-1001', value: 49.9, currency: 'EUR' })
    expect(await purchases(t)).toHaveLength(1)
  })

  test("the site's dataLayer.push keeps working and is restored on shutdown", () => {
    const pushed: unknown[] = []
    w.dataLayer = []
    const sitePush = function (this: unknown[], ...items: unknown[]) { pushed.push(...items); return Array.prototype.push.apply(this, items) }
    w.dataLayer.push = sitePush
    startTracking({ plugins: [dataLayerPurchases()] })
    expect(w.dataLayer.push({ event: 'x' })).toBe(1)
    expect(pushed).toEqual([{ event: 'x' }])
    shutdown()
    expect(w.dataLayer.push).toBe(sitePush)
  })

  test('a numeric order id counts once, across a reload and against the same id as a string', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const t = startTracking()
    purchase({ orderId: 1001, value: 10, currency: 'EUR' } as never)
    purchase({ orderId: '1001', value: 10, currency: 'EUR' })
    expect(await purchases(t)).toHaveLength(1)
    shutdown() // the reload
    const again = startTracking()
    purchase({ orderId: 1001, value: 10, currency: 'EUR' } as never)
    expect(await purchases(again)).toEqual([])
    expect(String(error.mock.calls[0])).toContain('orderId: expected string') // still reported as invalid
  })

  test('two orders without an id in one task are two purchases (invalid, still recorded)', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const t = startTracking()
    purchase({ value: 10, currency: 'EUR' } as never)
    purchase({ value: 20, currency: 'EUR' } as never)
    expect((await purchases(t)).map((e) => e.properties.value)).toEqual([10, 20])
    expect(error).toHaveBeenCalled()
  })

  test('a data layer the page assigns anew after journeytag started is read, and its later pushes too', async () => {
    const t = startTracking({ plugins: [dataLayerPurchases()] })
    w.dataLayer = [{ event: 'page_view' }, GA4] // Tag Manager's guide: `dataLayer = [{ … }]` above the container snippet
    w.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'T-2', value: 5, currency: 'EUR' } })
    expect((await purchases(t)).map((e) => e.properties.orderId)).toEqual(['T-1001', 'T-2'])
    shutdown()
    expect(Object.getOwnPropertyDescriptor(window, 'dataLayer')).toMatchObject({ writable: true, value: w.dataLayer })
  })

  test("a Universal Analytics purchase (enhanced ecommerce) is mapped to the same order fields", async () => {
    const ua = {
      event: 'purchase',
      ecommerce: { currencyCode: 'EUR', purchase: { actionField: { id: 'T-77', revenue: '35.43' }, products: [{ id: 'P1', name: 'Tee', price: '15.25', quantity: 2 }] } },
    }
    expect(orderFromDataLayer(ua)).toEqual({ orderId: 'T-77', value: 35.43, currency: 'EUR', items: [{ id: 'P1', name: 'Tee', price: 15.25, quantity: 2 }] })
    w.dataLayer = [ua]
    const t = startTracking({ plugins: [dataLayerPurchases()] })
    const recorded = await purchases(t)
    expect(recorded).toHaveLength(1)
    expect(recorded[0]!.properties).not.toHaveProperty('invalidFields')
  })

  test('a push carrying both GA4 and UA fields (a site migrating) is read as GA4, with its currency', () => {
    const both = { event: 'purchase', ecommerce: { ...GA4.ecommerce, purchase: { actionField: { id: 'T-1001', revenue: '49.90' }, products: [] } } }
    expect(orderFromDataLayer(both)).toMatchObject({ orderId: 'T-1001', value: 49.9, currency: 'eur', items: [{ id: 'mug-1' }] })
  })

  test('entries that are not purchases are not orders', () => {
    expect(orderFromDataLayer({ event: 'purchase' })).toBeUndefined()
    expect(orderFromDataLayer(null)).toBeUndefined()
    expect(orderFromDataLayer(['event', 'page_view', {}])).toBeUndefined()
  })

  test('a data layer purchase whose items hold a null (a line the shop could not map) is still recorded, its items flagged invalid', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const t = startTracking({ plugins: [dataLayerPurchases()] })
    w.dataLayer!.push({ event: 'purchase', ecommerce: { ...GA4.ecommerce, items: [GA4.ecommerce.items[0], null] } })
    const recorded = await purchases(t)
    expect(recorded.map((e) => [e.properties.orderId, e.properties.invalidFields])).toEqual([['T-1001', ['items']]])
    expect(error).toHaveBeenCalledWith('[journeytag]', expect.stringContaining('order.items[1]'))
  })
})
