// Whether alerts reach Slack: failed deliveries with Slack's answer and the next retry (admin-api, viewers may read).
import { api } from './client';
import type { components } from './schema.gen';

type Schemas = components['schemas'];
export type AlertDeliveryHealth = Schemas['AlertDeliveryHealth'];
export type AlertDeliveryView = Schemas['AlertDeliveryView'];

export const alertDeliveriesApi = {
  health: (limit = 20) => api.get<AlertDeliveryHealth>('/alerts/deliveries', { query: { limit } }),
};
