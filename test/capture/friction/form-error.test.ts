import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { shutdown } from '../../../src/tracker'
import { friction } from '../../../src/capture/friction'
import { startTracking } from '../tracking'

const TYPED = 'jane-typed-this@example.com'

beforeEach(() => {
  localStorage.clear()
  history.replaceState(null, '', '/checkout')
  document.body.innerHTML = `
    <form id="pay" novalidate><input name="email" value="${TYPED}"><input name="zip"><input id="card-no"><button>Pay</button></form>
    <form data-journeytag-ignore id="secret"><input name="pin"></form>`
})
afterEach(() => {
  vi.useRealTimers()
  shutdown()
  document.body.innerHTML = ''
})

const field = (selector: string) => document.querySelector(selector) as HTMLInputElement
const submit = (form = '#pay') => document.querySelector(form)!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
const invalid = (selector: string) => field(selector).dispatchEvent(new Event('invalid', { cancelable: true }))
const errors = async (t: ReturnType<typeof startTracking>) => (await t.delivered(5)).filter((e) => e.type == 'form_error')

test('fields failing native validation on one submit are one form_error with the form id and field names, in the page phase', async () => {
  const t = startTracking({ plugins: [friction()] })
  // What the browser does when the visitor clicks Pay on a form it blocks: the click, then `invalid` at each invalid field.
  document.querySelector('button')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))
  invalid('[name=email]')
  invalid('#card-no')
  const [event, ...more] = await errors(t)
  expect(more).toEqual([])
  expect(event!.phase).toBe('conversion')
  expect(event!.properties).toEqual({ formId: 'pay', invalidFields: ['email', 'card-no'], attempt: 1 })
  expect(JSON.stringify(t.bodies)).not.toContain(TYPED)
})

test('checkValidity() on every keystroke (a page enabling its submit button) is no form_error; a click on submit then is', async () => {
  const t = startTracking({ plugins: [friction()] })
  document.body.innerHTML = '<form id="signup"><input name="name" required><input name="email" type="email" required><button>Sign up</button></form>'
  const form = document.getElementById('signup') as HTMLFormElement
  const name = form.elements.namedItem('name') as HTMLInputElement
  // The page's own check, silent: the browser fires `invalid` at each invalid field, with no message shown.
  const checkValidity = () => [...form.querySelectorAll('input')].filter((i) => !i.value).forEach((i) => i.dispatchEvent(new Event('invalid', { cancelable: true })))
  name.focus()
  for (const key of 'jane') {
    name.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
    name.value += key
    checkValidity()
    await new Promise((r) => setTimeout(r, 2))
  }
  form.querySelector('button')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))
  checkValidity() // the blocked submit
  expect((await errors(t)).map((e) => e.properties)).toEqual([{ formId: 'signup', invalidFields: ['email'], attempt: 1 }])
})

test('a submit the page starts later (requestSubmit() after a check or a timer) that the browser blocks is a form_error', async () => {
  const t = startTracking({ plugins: [friction()] })
  await new Promise((r) => setTimeout(r, 50)) // no keystroke, no click in this task: the page's own timer
  invalid('[name=email]')
  expect((await errors(t)).map((e) => e.properties)).toEqual([{ formId: 'pay', invalidFields: ['email'], attempt: 1 }])
})

test('a form whose custom validation marks aria-invalid fails twice and is then sent: two form_errors, attempts 1 and 2', async () => {
  const t = startTracking({ plugins: [friction()] })
  const form = document.getElementById('pay')!
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    field('[name=zip]').setAttribute('aria-invalid', field('[name=zip]').value ? 'false' : 'true')
  })
  submit() // zip becomes aria-invalid
  await new Promise((r) => setTimeout(r, 5))
  submit() // still invalid: the attribute does not change, the failure counts again
  await new Promise((r) => setTimeout(r, 5))
  field('[name=zip]').value = '75001'
  submit()
  expect((await errors(t)).map((e) => e.properties)).toEqual([
    { formId: 'pay', invalidFields: ['zip'], attempt: 1 },
    { formId: 'pay', invalidFields: ['zip'], attempt: 2 },
  ])
})

test('aria-invalid set on blur is a form_error; set while the visitor types in the field, it is not (yet)', async () => {
  const t = startTracking({ plugins: [friction()] })
  field('[name=zip]').focus()
  field('[name=zip]').setAttribute('aria-invalid', 'true') // live validation while typing
  await new Promise((r) => setTimeout(r, 5))
  field('[name=email]').focus()
  field('[name=zip]').setAttribute('aria-invalid', 'false')
  field('[name=zip]').setAttribute('aria-invalid', 'true') // checked on blur
  expect((await errors(t)).map((e) => e.properties)).toEqual([{ formId: 'pay', invalidFields: ['zip'], attempt: 1 }])
})

test('nothing from data-journeytag-ignore areas, and nothing with formError: false', async () => {
  let t = startTracking({ plugins: [friction()] })
  invalid('[name=pin]')
  expect(await errors(t)).toEqual([])
  shutdown()
  t = startTracking({ plugins: [friction({ formError: false })] })
  invalid('[name=email]')
  expect(await errors(t)).toEqual([])
})

test('a field placed outside its form (the form= attribute) is named under that form, and an opted-out form hides it too', async () => {
  document.body.insertAdjacentHTML('beforeend', '<input name="coupon" form="pay"><input name="pin2" form="secret">')
  const t = startTracking({ plugins: [friction()] })
  invalid('[name=coupon]')
  invalid('[name=pin2]')
  expect((await errors(t)).map((e) => e.properties)).toEqual([{ formId: 'pay', invalidFields: ['coupon'], attempt: 1 }])
})
