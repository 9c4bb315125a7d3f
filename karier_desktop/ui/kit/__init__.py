"""The widget kit every page uses: the table model, the background worker and page loader,
small widgets, colours, file dialogs, fitting the window to the screen, and the patterns written
once (`page.Page`, `form_dialog.FormDialog`, `master_detail.MasterDetail`, `jobs`)."""
