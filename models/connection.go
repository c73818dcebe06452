package models

import "time"

// Connector is a service that Alloy can connect to, such as Notion.
type Connector struct {
	ID       string `json:"id"`
	Name     string `json:"name,omitempty"`
	Icon     string `json:"icon,omitempty"`
	Category string `json:"category,omitempty"`
}

// Connection is an authorised link between the user and a connector. Alloy's
// reference calls it a credential; on the wire its id is the credentialId.
type Connection struct {
	ID        string    `json:"id"`
	Connector string    `json:"connector"`
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
}
