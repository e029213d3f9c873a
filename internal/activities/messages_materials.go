package activities

import "github.com/cantieri/cantieri/internal/platform/i18n"

func init() {
	i18n.Register(i18n.M{
		"activities.materials.title":      {"Verbali e materiali", "Minutes and materials"},
		"activities.materials.restricted": {"riservato ai partecipanti del percorso", "for the path's participants only"},
	})
}
