/** Link previews fetched under SSRF rules (public addresses only, pinned, bounded). */
export { isPublicAddress } from './address-policy.js';
export { decodeEntities, previewOf, type LinkPreview } from './html-preview.js';
export { createLinkPreviews, decodeTargetUrl, type LinkPreviews } from './link-preview.js';
export { createSafeFetch, type FetchLimits, type FetchedPage, type Resolve } from './safe-fetch.js';
