/** Admin bookmarks: kept by ofgate, shown to members as XEP-0048 and XEP-0402 bookmarks. */
export { bookmarkInput, type BookmarkFields, type BookmarkRecord, type BookmarkType } from './bookmark-model.js';
export { createBookmarkPusher, type BookmarkPusher } from './bookmark-push.js';
export { createBookmarkService, type BookmarkService, type BookmarkServiceDeps, type PushReport } from './bookmark-service.js';
