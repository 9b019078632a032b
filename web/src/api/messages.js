// Messages per application (站内消息): the thread of an application, writing, the unread
// counts, reports and the operator's report queue.
import { get, post, id } from './request'

/** {thread: {application, messages, can_write, side}}; marks the other side's read. */
export const getThread = (applicationId) => get(`/applications/${id(applicationId)}/messages`)
export const sendMessage = (applicationId, body) => post(`/applications/${id(applicationId)}/messages`, { body })
/** {total, applications: [{application_id, unread}]} */
export const unreadMessages = () => get('/messages/unread')
export const reportMessage = (messageId, reason) => post(`/messages/${id(messageId)}/report`, { reason })
export const listMessageReports = (params) => get('/messages/reports', params)
export const closeMessageReport = (reportId, resolution) =>
  post(`/messages/reports/${id(reportId)}/close`, resolution ? { resolution } : {})
