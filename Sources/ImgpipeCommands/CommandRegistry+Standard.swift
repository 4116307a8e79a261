extension CommandRegistry {
    /// Every `imgpipe` command; a new command is one more entry here.
    public static let standard = CommandRegistry(
        commands: [
            RunCommand(),
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
            SandboxCommand(),
            DemoCommand(),
        ],
        groups: [
            CommandGroup("auth", summary: "Show, refresh and remove stored Imgur sign-ins."),
            CommandGroup("webhooks", summary: "Receive test webhooks and manage signing secrets."),
        ]
    )
}
