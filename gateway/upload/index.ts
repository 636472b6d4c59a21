/** HTTP upload slots (XEP-0363) from ejabberd's mod_http_upload. */
export { checkUpload, createUploadSlots, type UploadSlot, type UploadSlots } from './upload-slot.js';
