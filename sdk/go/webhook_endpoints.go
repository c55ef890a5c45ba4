package pulsehr

import "context"

// WebhookEndpointsService is /v1/webhook-endpoints: receivers of signed deliveries.
type WebhookEndpointsService struct{ c *Client }

// WebhookEndpointListParams filters and pages WebhookEndpoints.List.
type WebhookEndpointListParams struct {
	Limit   int    `query:"limit"`
	Cursor  string `query:"cursor"`
	Enabled *bool  `query:"enabled"`
}

// WebhookEndpointCreateParams is the body of WebhookEndpoints.Create. Events lists event
// types, or EventAll ("*") for every one. Enabled defaults to true.
type WebhookEndpointCreateParams struct {
	URL         string   `json:"url"`
	Events      []string `json:"events"`
	Description string   `json:"description,omitempty"`
	Enabled     *bool    `json:"enabled"`
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p WebhookEndpointCreateParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// WebhookEndpointUpdateParams is the body of WebhookEndpoints.Update (PATCH): only the
// fields set are sent; Description may be cleared with Null. Enabling clears
// disabled_reason.
type WebhookEndpointUpdateParams struct {
	URL         *string          `json:"url"`
	Events      []string         `json:"events"`
	Description Nullable[string] `json:"description"`
	Enabled     *bool            `json:"enabled"`
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p WebhookEndpointUpdateParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// DeliveryListParams filters and pages WebhookEndpoints.ListDeliveries.
type DeliveryListParams struct {
	Limit   int            `query:"limit"`
	Cursor  string         `query:"cursor"`
	Status  DeliveryStatus `query:"status"`
	EventID string         `query:"event_id"`
}

// List returns one page of webhook endpoints.
func (s *WebhookEndpointsService) List(ctx context.Context, params *WebhookEndpointListParams, opts ...Option) (*Page[WebhookEndpoint], error) {
	page := new(Page[WebhookEndpoint])
	if err := s.c.call(ctx, "webhook_endpoints.list", nil, queryOf(params), nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// ListAutoPaging iterates over every webhook endpoint matching params, page after page.
func (s *WebhookEndpointsService) ListAutoPaging(ctx context.Context, params *WebhookEndpointListParams, opts ...Option) *Iter[WebhookEndpoint] {
	return newIter[WebhookEndpoint](ctx, s.c, "webhook_endpoints.list", nil, queryOf(params), opts)
}

// Create creates a webhook endpoint; the answer carries its signing secret, shown only now.
func (s *WebhookEndpointsService) Create(ctx context.Context, params *WebhookEndpointCreateParams, opts ...Option) (*WebhookEndpointWithSecret, error) {
	out := new(WebhookEndpointWithSecret)
	if params == nil {
		params = &WebhookEndpointCreateParams{}
	}
	if err := s.c.call(ctx, "webhook_endpoints.create", nil, nil, params, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Retrieve returns one webhook endpoint.
func (s *WebhookEndpointsService) Retrieve(ctx context.Context, endpointID string, opts ...Option) (*WebhookEndpoint, error) {
	out := new(WebhookEndpoint)
	if err := s.c.call(ctx, "webhook_endpoints.retrieve", []string{endpointID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Update changes the fields set in params.
func (s *WebhookEndpointsService) Update(ctx context.Context, endpointID string, params *WebhookEndpointUpdateParams, opts ...Option) (*WebhookEndpoint, error) {
	out := new(WebhookEndpoint)
	if params == nil {
		params = &WebhookEndpointUpdateParams{}
	}
	if err := s.c.call(ctx, "webhook_endpoints.update", []string{endpointID}, nil, params, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Delete deletes a webhook endpoint with its deliveries and attempts (events stay).
func (s *WebhookEndpointsService) Delete(ctx context.Context, endpointID string, opts ...Option) (*DeletedWebhookEndpoint, error) {
	out := new(DeletedWebhookEndpoint)
	if err := s.c.call(ctx, "webhook_endpoints.delete", []string{endpointID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// RollSecret gives the endpoint a new signing secret (in the answer); the previous one
// keeps signing beside it for 24 hours.
func (s *WebhookEndpointsService) RollSecret(ctx context.Context, endpointID string, opts ...Option) (*WebhookEndpointWithSecret, error) {
	out := new(WebhookEndpointWithSecret)
	if err := s.c.call(ctx, "webhook_endpoints.roll_secret", []string{endpointID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// SendTest delivers a "webhook_endpoint.test" event to this endpoint only.
func (s *WebhookEndpointsService) SendTest(ctx context.Context, endpointID string, opts ...Option) (*Delivery, error) {
	out := new(Delivery)
	if err := s.c.call(ctx, "webhook_endpoints.send_test", []string{endpointID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// ListDeliveries returns one page of the endpoint's deliveries, each with its attempts.
func (s *WebhookEndpointsService) ListDeliveries(ctx context.Context, endpointID string, params *DeliveryListParams, opts ...Option) (*Page[Delivery], error) {
	page := new(Page[Delivery])
	if err := s.c.call(ctx, "webhook_endpoints.list_deliveries", []string{endpointID}, queryOf(params), nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// ListDeliveriesAutoPaging iterates over every delivery of the endpoint matching params.
func (s *WebhookEndpointsService) ListDeliveriesAutoPaging(ctx context.Context, endpointID string, params *DeliveryListParams, opts ...Option) *Iter[Delivery] {
	return newIter[Delivery](ctx, s.c, "webhook_endpoints.list_deliveries", []string{endpointID}, queryOf(params), opts)
}
