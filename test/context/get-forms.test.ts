import { afterEach, beforeEach, expect, test } from 'vitest'
import { watchGetForms } from '../../src/context/get-forms'

const KEY = 'journeytag:strip'
let stop = () => {}

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
})
afterEach(() => {
  stop()
  document.body.innerHTML = ''
})

function submitGetForm() {
  document.body.innerHTML = '<form method="get" action="/results" target="_blank"><input name="Q"><input name="card"></form>'
  document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
}

test('a GET form submitted (tracking allowed or not: like the tab\'s own copy, a privacy measure) leaves its field names in localStorage for the page it opens in another tab, which reads them once', () => {
  stop = watchGetForms(new Set())
  submitGetForm()
  expect(JSON.parse(localStorage.getItem(KEY)!)).toEqual(['q', 'card'])
  stop()
  // The new tab: a sessionStorage of its own (empty), the same localStorage.
  sessionStorage.clear()
  const blocked = new Set<string>()
  stop = watchGetForms(blocked)
  expect([...blocked]).toEqual(['q', 'card'])
  expect(localStorage.getItem(KEY)).toBeNull() // read once
  expect(JSON.parse(sessionStorage.getItem(KEY)!)).toEqual(['q', 'card']) // and kept for that tab's later pages
})

test.each(['{}', '5', 'null', '{'])('a damaged value (%s) left in localStorage does not cost the tab its own remembered names', (damaged) => {
  sessionStorage.setItem(KEY, JSON.stringify(['card']))
  localStorage.setItem(KEY, damaged)
  const blocked = new Set<string>()
  stop = watchGetForms(blocked)
  expect([...blocked]).toEqual(['card']) // ?card=4111… on this page's URL is still stripped
  expect(localStorage.getItem(KEY)).toBeNull()
})
