// @vitest-environment node
/** Figure tables and events as CSV that a spreadsheet opens safely. */
import { expect, test } from 'vitest'
import { csvLine, figureTables, tableCsv } from '../../examples/collector/http/csv.js'

test('cells are quoted when they need it, and text a spreadsheet would run as a formula is defused', () => {
  expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', 3, -2.5, null, undefined, true])).toBe('plain,"a,b","say ""hi""","two\nlines",3,-2.5,,,true\r\n')
  expect(csvLine(['=HYPERLINK("http://evil.test")', '+1', '-x', '@SUM(A1)'])).toBe(`"'=HYPERLINK(""http://evil.test"")",'+1,'-x,'@SUM(A1)\r\n`)
})

test('every list of objects in the figures is a table, nested objects become dotted columns, totals one row', () => {
  const figures = {
    totals: { visitors: 3, sessions: 4, events: 9 },
    phases: [{ name: 'awareness', reached: 3, toNext: { p50: 1000, visitors: 2 }, touchpoints: [{ type: 'page_view', count: 3 }] }],
    channels: [{ channel: 'email', visitors: 2 }, { channel: 'direct', visitors: 1, extra: 'x' }],
    goal: { types: ['purchase'], visitors: 1 },
  }
  const tables = figureTables(figures)
  expect(Object.keys(tables)).toEqual(['totals', 'phases', 'channels'])
  expect(tableCsv(tables.totals!)).toBe('visitors,sessions,events\r\n3,4,9\r\n')
  expect(tableCsv(tables.phases!)).toBe('name,reached,toNext.p50,toNext.visitors,touchpoints\r\nawareness,3,1000,2,"[{""type"":""page_view"",""count"":3}]"\r\n')
  expect(tableCsv(tables.channels!)).toBe('channel,visitors,extra\r\nemail,2,\r\ndirect,1,x\r\n')
})
