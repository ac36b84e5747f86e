// SPDX-License-Identifier: Apache-2.0

/// The service's error codes, messages and HTTP statuses (ecs-api-facts §2, §4).
extension ECSServiceError {
    static func missingParameter(_ name: String) -> ECSServiceError {
        ECSServiceError(
            code: "MissingParameter",
            message: "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.",
            httpStatus: 400)
    }

    static func invalidParameter(_ name: String) -> ECSServiceError {
        ECSServiceError(
            code: "InvalidParameter", message: "The specified parameter \"\(name)\" is not valid.", httpStatus: 400)
    }

    static let unknownAction = ECSServiceError(
        code: "InvalidAction.NotFound", message: "Specified api is not found, please check your url and method.",
        httpStatus: 404)

    static let regionNotFound = ECSServiceError(
        code: "InvalidRegionId.NotFound", message: "The specified RegionId does not exist.", httpStatus: 404)

    /// The wording RunInstances and CreateInstance use for an unknown region.
    static let regionNotInRecords = ECSServiceError(
        code: "InvalidRegionId.NotFound", message: "The RegionId provided does not exist in our records.",
        httpStatus: 404)

    /// An existing instance type that the chosen zone (ZoneId, or the vSwitch's zone) does not sell.
    static let instanceTypeNotInZone = ECSServiceError(
        code: "InvalidInstanceType.ZoneNotSupported", message: "The specified zone does not support this instancetype.",
        httpStatus: 403)

    static let zoneNotFound = ECSServiceError(
        code: "InvalidZoneId.NotFound", message: "The ZoneId provided does not exist in our records.", httpStatus: 404)

    static let imageNotFound = ECSServiceError(
        code: "InvalidImageId.NotFound", message: "The specified ImageId does not exist.", httpStatus: 404)

    static let imageFamilyNotFound = ECSServiceError(
        code: "InvalidImageFamily.NotFound", message: "The specified ImageFamily does not exist.", httpStatus: 404)

    static let instanceTypeNotSupported = ECSServiceError(
        code: "InvalidInstanceType.ValueNotSupported",
        message: "The specified InstanceType beyond the permitted range.",
        httpStatus: 400)

    static let createInstanceTypeNotSupported = ECSServiceError(
        code: "InvalidInstanceType.ValueNotSupported",
        message: "The specified InstanceType does not exist or beyond the permitted range.", httpStatus: 400)

    static func instanceTypeFilterNotSupported(_ type: String) -> ECSServiceError {
        ECSServiceError(
            code: "InvalidInstanceType.ValueNotSupported",
            message: "The specified instance type \(type) does not exist. "
                + "You can use the DescribeInstanceTypes API to query the available instance types.",
            httpStatus: 400)
    }

    static let imageNotSupportInstanceType = ECSServiceError(
        code: "ImageNotSupportInstanceType", message: "The specified image don't support the InstanceType instance.",
        httpStatus: 403)

    static let securityGroupNotFound = ECSServiceError(
        code: "InvalidSecurityGroupId.NotFound", message: "The specified SecurityGroupId does not exist.",
        httpStatus: 404)

    static let vSwitchNotFound = ECSServiceError(
        code: "InvalidVSwitchId.NotFound", message: "Specified virtual switch does not exist.", httpStatus: 404)

    static let vSwitchNotInZone = ECSServiceError(
        code: "InvalidParameter.Mismatch", message: "Specified virtual switch is not in the specified zone.",
        httpStatus: 400)

    static let vSwitchAddressesExhausted = ECSServiceError(
        code: "InvalidVSwitchId.IpNotEnough", message: "The specified VSwitch has not enough IpAddress.",
        httpStatus: 403)

    static let privateAddressMalformed = ECSServiceError(
        code: "InvalidPrivateIpAddress.Malformed", message: "Specified private IP address is malformed.",
        httpStatus: 400)

    static let privateAddressDuplicated = ECSServiceError(
        code: "InvalidPrivateIpAddress.Duplicated", message: "Specified private IP address is duplicated.",
        httpStatus: 400)

    static let keyPairNotFound = ECSServiceError(
        code: "InvalidKeyPairName.NotFound",
        message: "The specified parameter KeyPairName does not exist in our records.", httpStatus: 404)

    static let instanceNotFound = ECSServiceError(
        code: "InvalidInstanceId.NotFound", message: "The specified InstanceId does not exist.", httpStatus: 404)

    static let instancesNotFound = ECSServiceError(
        code: "InvalidInstanceIds.NotFound", message: "The specified InstanceIds does not exist.", httpStatus: 404)

    static let emptyInstanceID = ECSServiceError(
        code: "InvalidInstanceId.NotFound", message: "InstanceId should not be null.", httpStatus: 403)

    static let tooManyInstanceIDs = ECSServiceError(
        code: "InvalidParameter.TooManyInstanceIds", message: "Instance ids cannot be more than 100.", httpStatus: 403)

    static let incorrectInstanceStatus = ECSServiceError(
        code: "IncorrectInstanceStatus",
        message: "The current status of the resource does not support this operation.", httpStatus: 403)

    static let instanceInitializing = ECSServiceError(
        code: "IncorrectInstanceStatus.Initializing",
        message: "The specified instance status does not support this operation.", httpStatus: 403)

    static let deletionProtection = ECSServiceError(
        code: "InvalidOperation.DeletionProtection",
        message: "The operation is not allowed due to deletion protection.", httpStatus: 403)

    /// Dry-run success of RunInstances, CreateInstance, DescribeInstances, DescribeImages and the single calls.
    static let dryRunOperation = ECSServiceError(
        code: "DryRunOperation", message: "Request validation has been passed with DryRun flag set.", httpStatus: 400)

    /// Dry-run success of StartInstances, StopInstances, RebootInstances and DeleteInstances.
    static let dryRunSuccess = ECSServiceError(
        code: "DRYRUN.SUCCESS", message: "This request is a dryrun request with successful result.", httpStatus: 400)

    static let idempotentParameterMismatch = ECSServiceError(
        code: "IdempotentParameterMismatch", message: "The request is retried with updated parameters.",
        httpStatus: 400)

    static let invalidClientToken = ECSServiceError(
        code: "InvalidClientToken.ValueNotSupported", message: "clienttoken is not valid.", httpStatus: 400)

    static let invalidPassword = ECSServiceError(
        code: "InvalidPassword.Malformed", message: "The specified parameter \"Password\" is not valid.",
        httpStatus: 400)

    static let passwordInheritMismatch = ECSServiceError(
        code: "InvalidPasswordParam.Mismatch",
        message: "The input password should be null when passwdInherit is true.", httpStatus: 400)

    static let invalidInstanceName = ECSServiceError(
        code: "InvalidInstanceName.Malformed", message: "The specified parameter \"InstanceName\" is not valid.",
        httpStatus: 400)

    static let customNameMalformed = ECSServiceError(
        code: "InvalidInstanceName.CustomMalformed",
        message: "Customized section of instance or host name is invalid, please use valid format: "
            + "[], [,], [m,], [,n], [m,n].",
        httpStatus: 400)

    static let invalidHostName = ECSServiceError(
        code: "InvalidHostName.Malformed", message: "The specified parameter \"HostName\" is not valid.",
        httpStatus: 400)

    static let instanceNameExceed = ECSServiceError(
        code: "InvalidParams.InstanceNameExceed",
        message: "The uniqueSuffix takes three naming places, please shorten your InstanceName.", httpStatus: 403)

    static let hostNameExceed = ECSServiceError(
        code: "InvalidParams.HostnameExceed",
        message: "The uniqueSuffix takes three naming places, please shorten your Hostname.", httpStatus: 403)

    static let invalidDescription = ECSServiceError(
        code: "InvalidDescription.Malformed", message: "The specified parameter \"Description\" is not valid.",
        httpStatus: 400)

    static let invalidAmount = ECSServiceError(
        code: "InvalidAmount.Malformed", message: "The specified parameter Amount is not valid.", httpStatus: 400)

    static let invalidMinAmount = ECSServiceError(
        code: "InvalidMinAmount.Malformed", message: "The specified parameter MinAmount is not valid.",
        httpStatus: 400)

    static let invalidSystemDiskCategory = ECSServiceError(
        code: "InvalidSystemDiskCategory.ValueNotSupported",
        message: "The specified parameter \"SystemDisk.Category\" is not valid.", httpStatus: 400)

    static let systemDiskLessThanImage = ECSServiceError(
        code: "InvalidSystemDiskSize.LessThanImageSize",
        message: "The specified parameter SystemDisk.Size is less than the image size.", httpStatus: 404)

    static let systemDiskLessThanMinimum = ECSServiceError(
        code: "InvalidSystemDiskSize.LessThanMinSize",
        message: "The specified parameter SystemDisk.Size is less than the min size.", httpStatus: 404)

    static let systemDiskMoreThanMaximum = ECSServiceError(
        code: "InvalidSystemDiskSize.MoreThanMaxSize",
        message: "The specified SystemDisk.Size parameter exceeds the maximum size.", httpStatus: 404)

    static let invalidInternetChargeType = ECSServiceError(
        code: "InvalidInternetChargeType.ValueNotSupported", message: "The specified InternetChargeType is not valid.",
        httpStatus: 400)

    static let invalidInstanceChargeType = ECSServiceError(
        code: "InvalidInstanceChargeType.NotFound", message: "The InstanceChargeType does not exist in our records.",
        httpStatus: 404)

    static let invalidSpotStrategy = ECSServiceError(
        code: "InvalidSpotStrategy", message: "The specified SpotStrategy is not valid.", httpStatus: 400)

    static let invalidAutoReleaseTime = ECSServiceError(
        code: "InvalidAutoReleaseTime.Malformed", message: "The specified parameter AutoReleaseTime is not valid.",
        httpStatus: 400)

    static let userDataTooLarge = ECSServiceError(
        code: "InvalidUserData.SizeExceeded", message: "The specified parameter \"UserData\" exceeds the size.",
        httpStatus: 400)

    static let tagMismatch = ECSServiceError(
        code: "InvalidTag.Mismatch", message: "The specified Tag.n.Key and Tag.n.Value are not match.", httpStatus: 400)

    static let tagCount = ECSServiceError(
        code: "InvalidTagCount", message: "The specified tags are beyond the permitted range.", httpStatus: 400)

    static let invalidTagKey = ECSServiceError(
        code: "InvalidTagKey.Malformed", message: "The specified Tag.n.Key is not valid.", httpStatus: 400)

    static let invalidTagValue = ECSServiceError(
        code: "InvalidTagValue.Malformed", message: "The specified Tag.n.Value is not valid.", httpStatus: 400)

    static let invalidStatusFilter = ECSServiceError(
        code: "InvalidStatus.NotFound", message: "The specified Status is not found", httpStatus: 404)

    static let invalidNetworkTypeFilter = ECSServiceError(
        code: "InvalidNetworkType.NotFound", message: "The specified InstanceNetworkType is not found", httpStatus: 404)

    static let invalidInternetChargeTypeFilter = ECSServiceError(
        code: "InvalidInternetChargeType.ValueNotSupported", message: "The specified InternetChargeType is not valid",
        httpStatus: 404)

    static let invalidAcceptLanguage = ECSServiceError(
        code: "InvalidAcceptLanguage.NotFound",
        message: "Only Chinese (zh-CN), English (en-US), and Japanese (ja) are allowed.", httpStatus: 404)

    static let invalidRegionChargeType = ECSServiceError(
        code: "Invalid.InstanceChargeType", message: "The specified instanceChargeType is not valid.", httpStatus: 403)

    static let invalidResourceType = ECSServiceError(
        code: "InvalidResourceType.NotFound", message: "The ResourceType provided does not exist in our records.",
        httpStatus: 404)

    static let invalidImageOwnerAlias = ECSServiceError(
        code: "InvalidImageOwnerAlias.ValueNotSupported",
        message: "The specified ImageOwnerAlias value is not supported.", httpStatus: 400)

    static let publicImageNeedsOthers = ECSServiceError(
        code: "InvalidImageOwnerAlias.PublicImageUnsupported",
        message: "When querying images, the parameter ImageOwnerAlias should be others while specified parameter "
            + "IsPublic is true.",
        httpStatus: 400)

    static let invalidOSType = ECSServiceError(
        code: "InvalidOSType", message: "The specified OSType is not valid.", httpStatus: 404)

    static let invalidArchitecture = ECSServiceError(
        code: "InvalidArchitecture", message: "The specified Architecture is not valid.", httpStatus: 404)

    static let invalidUsage = ECSServiceError(
        code: "InvalidUsage", message: "The specified Usage is not valid.", httpStatus: 404)
}
