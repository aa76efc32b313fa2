// No SDK: the harness alone, so its own loop cost and the empty page's heap can be subtracted by eye.
import { install } from '../harness'

let last = ''
install({ ready: Promise.resolve(), track: (token) => void (last = token) })
;(window as unknown as { __last: () => string }).__last = () => last
