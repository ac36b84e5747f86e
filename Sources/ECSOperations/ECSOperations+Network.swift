import JSON

extension ECSOperations {
    /// The vSwitch and security group for a create: the caller's, or the region's default vSwitch (in `zoneId` when
    /// given, else in a zone whose DescribeZones entry offers the instance type) and the first security group of that
    /// vSwitch's VPC, found with DescribeVSwitches / DescribeSecurityGroups.
    func chooseNetwork(for request: CreateInstancesRequest, _ context: CallContext) async throws(OperationError) -> NetworkChoice {
        var choice = NetworkChoice(vSwitchId: request.vSwitchId, securityGroupId: request.securityGroupId, zoneId: request.zoneId)
        if request.vSwitchId != nil && request.securityGroupId != nil { return choice }
        let region = context.regionId ?? ""
        var vpcId: String?
        if let given = request.vSwitchId {
            let found = try await perform("DescribeVSwitches", ["VSwitchId": given], context, idempotent: true)
            vpcId = found.body["VSwitches"]?["VSwitch"]?[0]?["VpcId"]?.stringValue
        } else {
            var parameters = ["IsDefault": "true", "PageSize": "50"]
            parameters["ZoneId"] = request.zoneId
            let found = try await perform("DescribeVSwitches", parameters, context, idempotent: true)
            let candidates = found.body["VSwitches"]?["VSwitch"]?.arrayValue ?? []
            var inZone = candidates.filter { request.zoneId == nil || $0["ZoneId"]?.stringValue == request.zoneId }
            // Several zones to choose from: prefer those that sell the type, so RunInstances is not refused with
            // InvalidInstanceType.ZoneNotSupported. If none does, keep them all and let the service say why.
            var offeringZone = false
            if request.zoneId == nil, Set(inZone.compactMap { $0["ZoneId"]?.stringValue }).count > 1,
                let offering = try await zonesOffering(request.instanceType, context)
            {
                let selling = inZone.filter { $0["ZoneId"]?.stringValue.map(offering.contains) == true }
                if !selling.isEmpty {
                    inZone = selling
                    offeringZone = true
                }
            }
            let preferred = inZone.first { Self.isTrue($0["IsDefault"]) } ?? inZone.first
            guard let vSwitch = preferred, let id = vSwitch["VSwitchId"]?.stringValue else {
                let place = request.zoneId.map { "zone \($0)" } ?? "region \(region)"
                throw .networkResourceNotFound(parameter: "vSwitchId", problem: "no default vSwitch found in \(place)")
            }
            vpcId = vSwitch["VpcId"]?.stringValue
            choice.vSwitchId = id
            choice.zoneId = vSwitch["ZoneId"]?.stringValue ?? request.zoneId
            var described: JSONObject = ["vSwitchId": .string(id)]
            described["vpcId"] = vpcId.map(JSONValue.string) ?? .null
            described["zoneId"] = choice.zoneId.map(JSONValue.string) ?? .null
            let scope = request.zoneId == nil ? "region" : "zone"
            let kind = Self.isTrue(vSwitch["IsDefault"]) ? "default" : "first"
            let offers = offeringZone ? " in a zone that offers \(request.instanceType)" : ""
            described["reason"] = .string("the \(kind) vSwitch of the \(scope)\(offers)")
            choice.chosen["vSwitch"] = .object(described)
        }
        if request.securityGroupId == nil {
            var parameters = ["PageSize": "50"]
            parameters["VpcId"] = vpcId
            let found = try await perform("DescribeSecurityGroups", parameters, context, idempotent: true)
            let groups = (found.body["SecurityGroups"]?["SecurityGroup"]?.arrayValue ?? [])
                .filter { vpcId == nil || $0["VpcId"]?.stringValue == vpcId }
            guard let group = groups.first, let id = group["SecurityGroupId"]?.stringValue else {
                let place = vpcId.map { "VPC \($0)" } ?? "region \(region)"
                throw .networkResourceNotFound(parameter: "securityGroupId", problem: "no security group found in \(place)")
            }
            choice.securityGroupId = id
            var described: JSONObject = ["securityGroupId": .string(id)]
            described["vpcId"] = vpcId.map(JSONValue.string) ?? .null
            described["reason"] = .string("the first security group of the vSwitch's VPC")
            choice.chosen["securityGroup"] = .object(described)
        }
        return choice
    }

    static func isTrue(_ value: JSONValue?) -> Bool {
        switch value {
        case .bool(let flag)?: flag
        case .string(let text)?: text.lowercased() == "true"
        default: false
        }
    }
}
