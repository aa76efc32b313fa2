/** Optional gzip of request bodies (`compress: true`), where the browser has CompressionStream. */

/**
 * Gzips text, or returns undefined where the browser cannot (then the body goes uncompressed).
 * @example
 * const body = (await gzip(json)) ?? json
 */
export async function gzip(text: string): Promise<Blob | undefined> {
  try {
    return await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob()
  } catch {
    return undefined
  }
}
