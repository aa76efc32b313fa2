// @ts-check
/**
 * The page's only script, inlined: times in the reader's own time zone, and a
 * refresh in place — only when new events arrived (a cheap /api/version poll),
 * never while the previous refresh is still running, never in a hidden tab.
 */

/** Source of the inline script (a string: the page is one file with no bundle). */
export const LIVE = `(() => {
  const localize = (root) => {
    for (const t of root.querySelectorAll('time[datetime]')) {
      const d = new Date(t.getAttribute('datetime'))
      t.title = t.getAttribute('datetime')
      t.textContent = t.dataset.precision === 'date'
        ? d.toLocaleDateString(undefined, { dateStyle: 'medium' })
        : d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' })
    }
  }
  localize(document)
  let busy = false
  setInterval(async () => {
    const map = document.getElementById('map')
    if (busy || document.hidden || !map || map.dataset.live !== 'on') return
    busy = true
    try {
      const { version } = await (await fetch('/api/version', { cache: 'no-store' })).json()
      if (version === map.dataset.version) return
      const html = await (await fetch(location.href, { cache: 'no-store' })).text()
      const next = new DOMParser().parseFromString(html, 'text/html').getElementById('map')
      if (next) {
        localize(next)
        map.replaceWith(next)
      }
    } catch {} finally {
      busy = false
    }
  }, 5000)
})()`
