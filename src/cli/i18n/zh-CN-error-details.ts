import type { ErrorCode } from '../../core/errors.js';

/**
 * 命令行比收银界面多知道一些情况（哪个文件夹、哪个进程、哪个版本）。这些错误码在命令行上用下面更具体的说明，
 * 参数来自错误的 details；其余错误码用共享的错误目录（src/shared/i18n/zh-CN-errors.ts）。
 */
export const zhCNErrorDetails: { readonly [C in ErrorCode]?: string } = {
  'store.locked':
    '数据文件夹 {dataDir} 正被{holder, select, known { Tillpoint {holderCommand}（进程 {holderPid}{holderHost, select, here {} other {，在 {holderHost} 上}}，启动于 {holderStartedAt}）} other {另一个正在启动的 Tillpoint }}使用。请先停止它，或用 --data 换一个数据文件夹。如果那里并没有运行 Tillpoint，请删除 {file}。',
  'store.newer_schema':
    '数据库 {file} 由较新版本的 Tillpoint 写入（结构版本 {found}；本版本最高只认识 {known}）。请升级 Tillpoint，或打开另一个数据文件夹。文件没有被改动。',
  'store.corrupt': '数据库 {file} 已损坏。请从备份恢复，或把该文件移到别处，让 Tillpoint 新建一个。',
};
