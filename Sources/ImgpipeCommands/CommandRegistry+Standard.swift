extension CommandRegistry {
    /// Every `imgpipe` command; a new command is one more entry here.
    public static let standard = CommandRegistry(
        commands: [
            RunCommand(),
            ResumeCommand(),
            ReplayCommand(),
            ValidateCommand(),
            RunsCommand(),
            EventsCommand(),
            UploadCommand(),
            DeleteCommand(),
            WhoamiCommand(),
            CreditsCommand(),
            AuthLoginCommand(),
            AuthStatusCommand(),
            AuthRefreshCommand(),
            AuthLogoutCommand(),
            WebhooksListenCommand(),
            WebhooksSecretCommand(),
            WebhooksListCommand(),
            WebhooksRetryCommand(),
            WebhooksDismissCommand(),
            WebhooksEnableCommand(),
            AuditCommand(),
            AuditVerifyCommand(),
            GCCommand(),
            RevertCommand(),
            FailedCommand(),
            FailedDismissCommand(),
            AuditCheckpointCommand(),
            SandboxCommand(),
            DemoCommand(),
            ServeCommand(),
        ],
        groups: [
            CommandGroup("auth", summary: "Sign in to Imgur, and show, refresh and remove stored sign-ins."),
            CommandGroup("audit", summary: "Show where files went, and check that the event log was not edited."),
            CommandGroup("webhooks", summary: "Receive test webhooks, manage signing secrets and the delivery outbox."),
        ]
    )
}
