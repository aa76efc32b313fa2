/** A fresh token prefix per measurement, so events of different runs are never counted together. */
let next = 1
export const newPrefix = () => `jtb${next++}x`
