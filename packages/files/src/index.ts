export { type CreateFileOptions, createFile, type FileContent } from "./create-file";
export type { DashscopeFile, FileObject } from "./dashscope-file";
export { deleteFile } from "./delete-file";
export { type DownloadFileOptions, downloadFile } from "./download-file";
export { getFile } from "./get-file";
export { type ListFilesOptions, listFiles } from "./list-files";
export { uploadFileInput } from "./upload-file-input";
