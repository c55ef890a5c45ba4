package pulsehr

import "context"

// ScoresService is the Employee Score (scope read:scores): GET /v1/employees/{id}/score
// (Scores.Retrieve, operation scores.retrieve) and GET /v1/scores (Scores.Groups,
// operation scores.groups).
type ScoresService struct{ c *Client }

// ScoreParams sets the day of Scores.Retrieve.
type ScoreParams struct {
	AsOf Date `query:"as_of"` // the last day of the window (UTC); today when empty, never later
}

// ScoreGroupsParams chooses the groups of Scores.Groups; GroupBy is required.
type ScoreGroupsParams struct {
	GroupBy GroupBy `query:"group_by"`
	AsOf    Date    `query:"as_of"` // the last day of the window (UTC); today when empty
}

// Retrieve returns the employee's score over the 90 days ending on params.AsOf.
func (s *ScoresService) Retrieve(ctx context.Context, employeeID string, params *ScoreParams, opts ...Option) (*EmployeeScore, error) {
	out := new(EmployeeScore)
	if err := s.c.call(ctx, "scores.retrieve", []string{employeeID}, queryOf(params), nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// Groups returns the mean scores of the groups of employees sharing params.GroupBy.
func (s *ScoresService) Groups(ctx context.Context, params *ScoreGroupsParams, opts ...Option) (*GroupScores, error) {
	out := new(GroupScores)
	if err := s.c.call(ctx, "scores.groups", nil, queryOf(params), nil, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}
