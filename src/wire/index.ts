/**
 * Wire formats the simulator and the gateway both speak. Imports neither: the simulator
 * stays a peer that the router and gateway never import.
 */
export { EVENT_STREAM_CONTENT_TYPE, eventFrame, exceptionFrame, chunkFrame, decodeFrame } from './eventStream';
export { type BedrockErrorCode, STATUS_BY_CODE, BEDROCK_MESSAGES, errorTypeHeader, bedrockErrorResponse, streamExceptionType } from './bedrockErrors';
export { type AnthropicStreamEvent, type AnthropicDeltaUsage, type AnthropicContentBlockStart, type AnthropicDelta, anthropicEvents, anthropicMessageId } from './anthropicEvents';
export { listenLoopback, LOOPBACK_HOST, type LoopbackListener, type ListenOptions, type HttpRequest, type HttpResponse } from './loopbackListener';
