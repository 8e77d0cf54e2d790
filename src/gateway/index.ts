/**
 * The loopback gateway: a layer beside the demos. Uses the router, providers' types, core and
 * the shared wire formats; used by the extension and the CLI; never imports the simulator.
 */
export { Gateway, type GatewayOptions } from './server';
export { type ClientTraffic, type GatewayRequest, type GatewayProtocol } from './traffic';
export { type ModelRoutes, routeForModel } from './modelRoutes';
export { newToken, DEFAULT_MAX_BODY_BYTES } from './security';
export { clientName } from './clients';
export { parseGatewayModels, takeGatewaySettings, GATEWAY_MODELS_SETTING } from './settings';
export { gatewayVariables, exportLines, variablesAsEnv, type GatewayVariable } from './environment';
