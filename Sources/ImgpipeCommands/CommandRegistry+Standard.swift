extension CommandRegistry {
    /// Every `imgpipe` command; a new command is one more entry here.
    public static let standard = CommandRegistry(
        commands: [
            RunCommand(),
            ResumeCommand(),
            ValidateCommand(),
            RunsCommand(),
            EventsCommand(),
            UploadCommand(),
            DeleteCommand(),
            WhoamiCommand(),
            CreditsCommand(),
            AuthStatusCommand(),
            AuthRefreshCommand(),
            AuthLogoutCommand(),
            WebhooksListenCommand(),
            WebhooksSecretCommand(),
            WebhooksListCommand(),
            WebhooksRetryCommand(),
            WebhooksDismissCommand(),
            WebhooksEnableCommand(),
            SandboxCommand(),
            DemoCommand(),
        ],
        groups: [
            CommandGroup("auth", summary: "Show, refresh and remove stored Imgur sign-ins."),
            CommandGroup("webhooks", summary: "Receive test webhooks, manage signing secrets and the delivery outbox."),
        ]
    )
}
