using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Lifecycle;

/// <summary>
/// The one place that decides whether a request fits a project's state and, if so, which desired
/// state it writes. Pure: no database, no clock but the <c>now</c> it is given. Requests only
/// state what is wanted; the reconciler moves the observed status toward it.
/// </summary>
public static class ProjectLifecycle
{
    /// <summary>The destroy reason of a stack the reaper took back; the cleanup statistics count these.</summary>
    public const string ExpiredReason = "expired";

    /// <summary>How the event of a provision-and-deploy request begins; the project page reads it to say a deploy follows.</summary>
    public const string ProvisionAndDeployRequested = "Provisioning and deploy requested";

    /// <summary>How long before the automatic cleanup the project's log and page warn of it.</summary>
    public static readonly TimeSpan ExpiryWarningLead = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The warning for a stack whose automatic cleanup is <see cref="ExpiryWarningLead"/> or less away; null when it
    /// is further away, already due, or nothing is provisioned.
    /// </summary>
    public static string? ExpiryWarning(LifecycleState s, DateTimeOffset now)
    {
        if (s.ExpiresAt is not { } expiresAt || s.InfrastructureDesired != DesiredState.Present || expiresAt <= now || expiresAt - now > ExpiryWarningLead)
        {
            return null;
        }

        // Whole minutes, rounded up: a reaper that looks 9m 40s before says 10, as the user's countdown is about to.
        var minutes = (int)Math.Ceiling((expiresAt - now).TotalMinutes);
        var at = expiresAt.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return $"Automatic cleanup in {minutes} minute{(minutes == 1 ? "" : "s")} at {at} UTC; extend to keep it.";
    }

    /// <param name="extendMinutes">For <see cref="LifecycleRequest.Extend"/>: the validated minutes to add.</param>
    public static LifecycleDecision Decide(
        LifecycleState state, LifecycleRequest request, DateTimeOffset now, LifecycleLimits limits, int extendMinutes = 0) => request switch
    {
        LifecycleRequest.Provision => Provision(state, now, limits),
        LifecycleRequest.ProvisionAndDeploy => ProvisionAndDeploy(state, now, limits),
        LifecycleRequest.Destroy => Destroy(state),
        LifecycleRequest.PurgeAndDestroy => PurgeAndDestroy(state),
        LifecycleRequest.Deploy => Deploy(state),
        LifecycleRequest.Purge => Purge(state),
        LifecycleRequest.Delete => Delete(state),
        LifecycleRequest.Extend => Extend(state, now, limits, extendMinutes),
        LifecycleRequest.Expire => Expire(state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "Unknown request."),
    };

    private static LifecycleDecision Provision(LifecycleState s, DateTimeOffset now, LifecycleLimits limits)
    {
        // A failed provision may be retried; anything else in flight or in place is a conflict.
        var retry = s.InfrastructureDesired == DesiredState.Present && s.InfrastructureStatus == InfrastructureStatus.Failed;
        if (!retry && (s.InfrastructureDesired == DesiredState.Present || s.InfrastructureStatus == InfrastructureStatus.Destroying))
        {
            return LifecycleDecision.Refuse(s.InfrastructureStatus switch
            {
                InfrastructureStatus.Provisioning => "Already provisioning",
                InfrastructureStatus.Destroying => "Destroy in progress",
                _ => "Infrastructure already deployed",
            }, "Wait for the current operation, or destroy the infrastructure first.");
        }

        var expiresAt = now.AddMinutes(limits.ResourceTtlMinutes);
        return LifecycleDecision.Accept(new DesiredChange
        {
            Operation = "provision",
            Message = $"Provisioning requested; the stack will be removed automatically at {expiresAt:u}.",
            InfrastructureDesired = DesiredState.Present,
            SetsDestroyReason = true,
            DestroyReason = null,
            ExpiresAt = expiresAt,
        });
    }

    /// <summary>
    /// Both desired states at once: the reconciler already runs provision then deploy in one pass (<see cref="ReconcileSteps"/>),
    /// so nothing waits on the browser. With the infrastructure already up it is a plain deploy.
    /// </summary>
    private static LifecycleDecision ProvisionAndDeploy(LifecycleState s, DateTimeOffset now, LifecycleLimits limits)
    {
        if (s.InfrastructureDesired == DesiredState.Present && s.InfrastructureStatus == InfrastructureStatus.Deployed)
        {
            return Deploy(s);
        }

        var provision = Provision(s, now, limits);
        return provision.Change is not { } change ? provision : LifecycleDecision.Accept(change with
        {
            Message = $"{ProvisionAndDeployRequested}; the stack will be removed automatically at {change.ExpiresAt:u}.",
            ApplicationDesired = DesiredState.Present,
            ApplicationTargetVersion = s.ApplicationVersion + 1,
        });
    }

    private static LifecycleDecision Destroy(LifecycleState s)
    {
        // Users purge first so that destroying never takes an application by surprise; the reaper does both (Expire).
        // A deploy still waiting for infrastructure (provision and deploy, provision failed) has nothing to lose: it is dropped.
        var deployWaits = s.ApplicationDesired == DesiredState.Present && s.InfrastructureStatus == InfrastructureStatus.Deployed;
        if (s.ApplicationStatus is ApplicationStatus.Deployed or ApplicationStatus.Deploying || deployWaits)
        {
            return LifecycleDecision.Refuse("Purge application first",
                "The application is deployed on this infrastructure. Purge it, then destroy.");
        }

        if (s.InfrastructureDesired == DesiredState.Absent && !s.HasInfrastructure)
        {
            return LifecycleDecision.Refuse("No infrastructure", "This project has no infrastructure to destroy.");
        }

        if (s.InfrastructureDesired == DesiredState.Absent && s.InfrastructureStatus == InfrastructureStatus.Destroying)
        {
            return LifecycleDecision.Refuse("Destroy in progress", "The infrastructure is already being destroyed.");
        }

        return LifecycleDecision.Accept(new DesiredChange
        {
            Operation = "destroy",
            Message = "Destroy requested.",
            InfrastructureDesired = DesiredState.Absent,
            ApplicationDesired = s.ApplicationDesired == DesiredState.Present ? DesiredState.Absent : null,
            SetsDestroyReason = true,
            DestroyReason = "user",
        });
    }

    /// <summary>
    /// The user's destroy when an application is deployed: the same refusals as <see cref="Destroy"/> except the purge-first one,
    /// and the application's desired state goes too, so the reconciler purges before it destroys (as it does for Expire).
    /// </summary>
    private static LifecycleDecision PurgeAndDestroy(LifecycleState s)
    {
        var destroy = Destroy(s with { ApplicationStatus = ApplicationStatus.None, ApplicationDesired = DesiredState.Absent });
        if (destroy.Change is not { } change)
        {
            return destroy;
        }

        var appGoes = s.ApplicationDesired == DesiredState.Present || s.ApplicationStatus is ApplicationStatus.Deployed or ApplicationStatus.Deploying;
        return LifecycleDecision.Accept(change with
        {
            Message = appGoes ? "Purge and destroy requested: the application is purged, then the infrastructure destroyed." : change.Message,
            ApplicationDesired = appGoes ? DesiredState.Absent : change.ApplicationDesired,
        });
    }

    private static LifecycleDecision Deploy(LifecycleState s)
    {
        if (s.InfrastructureStatus != InfrastructureStatus.Deployed || s.InfrastructureDesired != DesiredState.Present)
        {
            return LifecycleDecision.Refuse("Infrastructure not deployed", "Provision the infrastructure and wait until it is deployed, then deploy.");
        }

        if (s.ApplicationStatus is ApplicationStatus.Deploying or ApplicationStatus.Purging)
        {
            return LifecycleDecision.Refuse("Application operation in progress", "Wait for the current deploy or purge to finish.");
        }

        return LifecycleDecision.Accept(new DesiredChange
        {
            Operation = "deploy",
            Message = $"Deploy of version {s.ApplicationVersion + 1} requested.",
            ApplicationDesired = DesiredState.Present,
            ApplicationTargetVersion = s.ApplicationVersion + 1,
        });
    }

    private static LifecycleDecision Purge(LifecycleState s)
    {
        if (s.ApplicationStatus == ApplicationStatus.None && s.ApplicationDesired == DesiredState.Absent)
        {
            return LifecycleDecision.Refuse("Nothing to purge", "No application is deployed on this project.");
        }

        return LifecycleDecision.Accept(new DesiredChange
        {
            Operation = "purge",
            Message = "Purge requested.",
            ApplicationDesired = DesiredState.Absent,
        });
    }

    private static LifecycleDecision Delete(LifecycleState s) => s.HasInfrastructure
        ? LifecycleDecision.Refuse("Destroy infrastructure first", "The project still has cloud resources. Destroy its infrastructure, then delete it.")
        : LifecycleDecision.Accept(new DesiredChange { Operation = "delete", Message = "Project deleted." });

    private static LifecycleDecision Extend(LifecycleState s, DateTimeOffset now, LifecycleLimits limits, int minutes)
    {
        if (s.ExpiresAt is not { } expiresAt || s.InfrastructureDesired != DesiredState.Present)
        {
            return LifecycleDecision.Refuse("Nothing to extend", "Only provisioned infrastructure has an expiry time.");
        }

        var limit = now.AddMinutes(limits.MaxTtlMinutes);
        var wanted = expiresAt.AddMinutes(minutes);
        var newExpiry = wanted > limit ? limit : wanted;
        return LifecycleDecision.Accept(new DesiredChange
        {
            Operation = "extend",
            Message = newExpiry < wanted
                ? $"Expiry moved to {newExpiry:u}, the most allowed ({limits.MaxTtlMinutes} minutes from now)."
                : $"Expiry moved to {newExpiry:u}.",
            ExpiresAt = newExpiry,
        });
    }

    private static LifecycleDecision Expire(LifecycleState s, DateTimeOffset now)
    {
        if (s.ExpiresAt is not { } expiresAt || expiresAt > now || s.InfrastructureDesired != DesiredState.Present)
        {
            return LifecycleDecision.Refuse("Not expired", "The stack's time is not up, or it is not provisioned.");
        }

        // Purge and destroy in one go, with no purge-first refusal: the reconciler purges before it destroys.
        return LifecycleDecision.Accept(new DesiredChange
        {
            Operation = "destroy",
            Message = "Time is up: purging the application and destroying the infrastructure.",
            Level = "warning",
            InfrastructureDesired = DesiredState.Absent,
            ApplicationDesired = DesiredState.Absent,
            SetsDestroyReason = true,
            DestroyReason = ExpiredReason,
        });
    }
}
