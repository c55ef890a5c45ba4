package pulsehr

import (
	"context"
	"time"
)

// EventsService is /v1/events: the event log, and replays to webhook endpoints.
type EventsService struct{ c *Client }

// EventListParams filters and pages Events.List.
type EventListParams struct {
	Limit       int       `query:"limit"`
	Cursor      string    `query:"cursor"`
	Type        string    `query:"type"`         // an event type, e.g. EventLeaveLogged
	CreatedFrom time.Time `query:"created_from"` // inclusive, whole seconds
	CreatedTo   time.Time `query:"created_to"`   // inclusive, whole seconds
	// DeliveryFailed: true for events with at least one failed delivery, false for none.
	DeliveryFailed *bool `query:"delivery_failed"`
}

// EventReplayParams is the body of Events.Replay: EndpointID names one endpoint (even one
// not subscribed to the type); pass nil params to replay to every enabled endpoint
// subscribed to the event's type.
type EventReplayParams struct {
	EndpointID string `json:"endpoint_id,omitempty"`
}

// MarshalJSON sends the fields that are set (see the package doc).
func (p EventReplayParams) MarshalJSON() ([]byte, error) { return marshalObject(p) }

// List returns one page of events.
func (s *EventsService) List(ctx context.Context, params *EventListParams, opts ...Option) (*Page[Event], error) {
	page := new(Page[Event])
	if err := s.c.call(ctx, "events.list", nil, queryOf(params), nil, page, opts); err != nil {
		return nil, err
	}
	return page, nil
}

// ListAutoPaging iterates over every event matching params, page after page.
func (s *EventsService) ListAutoPaging(ctx context.Context, params *EventListParams, opts ...Option) *Iter[Event] {
	return newIter[Event](ctx, s.c, "events.list", nil, queryOf(params), opts)
}

// Retrieve returns one event.
func (s *EventsService) Retrieve(ctx context.Context, eventID string, opts ...Option) (*Event, error) {
	out := new(Event)
	if err := s.c.call(ctx, "events.retrieve", []string{eventID}, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Replay delivers the event again (same event id, so receivers dedupe) and returns the
// new deliveries.
func (s *EventsService) Replay(ctx context.Context, eventID string, params *EventReplayParams, opts ...Option) (*ReplayedDeliveries, error) {
	out := new(ReplayedDeliveries)
	if err := s.c.call(ctx, "events.replay", []string{eventID}, nil, bodyOf(params), out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// EventTypesService is /v1/event-types: the event catalogue.
type EventTypesService struct{ c *Client }

// List returns the whole catalogue (not paginated).
func (s *EventTypesService) List(ctx context.Context, opts ...Option) (*EventTypeList, error) {
	out := new(EventTypeList)
	if err := s.c.call(ctx, "event_types.list", nil, nil, nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}
